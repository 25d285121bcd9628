#!/usr/bin/env bash
# Allocation benchmark: Tether's daemon filling a /16 vs the reference host-local filling a /20.
# Prints ms per allocation for the first and the last 1,000 leases. Takes a few minutes; run as
# root on an otherwise quiet machine. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o -pl ipam -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/ipam/target/bench.classpath" -Dmdep.includeScope=test
CP="ipam/target/classes:ipam/target/test-classes:$(cat ipam/target/bench.classpath)"
rm -rf ipam/target/bench-classes
javac -d ipam/target/bench-classes -cp "$CP" $(find ipam/bench/src -name '*.java')
exec java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "ipam/target/bench-classes:$CP" dev.tether.ipam.bench.AllocationBench
