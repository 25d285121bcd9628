#!/usr/bin/env bash
# Runs a main class of cni's test sources (a benchmark) on the freshly built classes of every
# module and the test classpath. Usage: bash cni/bench/test-main.sh CLASS [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/../.."
offline=$( [ -d "$HOME/.m2/repository/com/github/jnr/jnr-ffi" ] && echo -o || true )
mvn -B -q $offline -pl cni -am test-compile -DskipTests
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
mvn -B -q $offline -pl cni dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
main=$1
shift
java -cp "cni/target/test-classes:cni/target/classes:ipam/target/classes:native/target/test-classes:native/target/classes:$(cat "$classpath")" \
  "$main" "$@"
