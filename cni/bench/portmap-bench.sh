#!/usr/bin/env bash
# Benchmark (root): ADD and DEL latency of tether-portmap (warm JVM) next to the reference portmap
# plugin, interleaved, with no and then N other containers' ports published, in namespaces the
# benchmark makes and deletes.
# Usage: bash cni/bench/portmap-bench.sh [iterations, default 50] [N, default 200]
set -euo pipefail
cd "$(dirname "$0")/../.."
offline=$( [ -d "$HOME/.m2/repository/com/github/jnr/jnr-ffi" ] && echo -o || true )
mvn -B -q $offline -pl cni -am test-compile -DskipTests
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
mvn -B -q $offline -pl cni dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
exec java -cp "cni/target/test-classes:cni/target/classes:native/target/test-classes:native/target/classes:$(cat "$classpath")" \
  dev.tether.cni.bench.PortMapBenchmark "${1:-50}" "${2:-200}"
