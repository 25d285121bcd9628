#!/usr/bin/env bash
# Benchmark (root): the daemon's DNS from inside a container (answered by Tether, forwarded, and
# straight to the upstream as a baseline; UDP and TCP), and ADD+DEL through a daemon with DNS next
# to one without, interleaved, in namespaces the benchmark makes and deletes.
# Usage: bash cni/bench/dns-bench.sh [iterations, default 2000]
set -euo pipefail
cd "$(dirname "$0")/../.."
offline=$( [ -d "$HOME/.m2/repository/com/github/jnr/jnr-ffi" ] && echo -o || true )
mvn -B -q $offline -pl cni -am test-compile -DskipTests
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
mvn -B -q $offline -pl cni dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
exec java -cp "cni/target/test-classes:cni/target/classes:ipam/target/classes:native/target/test-classes:native/target/classes:$(cat "$classpath")" \
  dev.tether.cni.dns.DnsBenchmark "${1:-2000}"
