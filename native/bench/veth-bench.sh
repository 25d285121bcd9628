#!/usr/bin/env bash
# Benchmark (root): median and p95 of "veth with its peer in a fresh namespace + bridge port +
# address + up" through tether-native in a warm JVM, next to the same work done with `ip`.
# Usage: bash native/bench/veth-bench.sh [iterations, default 200]
set -euo pipefail
cd "$(dirname "$0")/../.."
offline=$( [ -d "$HOME/.m2/repository/com/github/jnr/jnr-ffi" ] && echo -o || true )
mvn -B -q $offline -pl native test-compile
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
mvn -B -q $offline -pl native dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
exec java -cp "native/target/test-classes:native/target/classes:$(cat "$classpath")" \
  dev.tether.natives.bench.VethBench "${1:-200}"
