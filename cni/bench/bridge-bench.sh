#!/usr/bin/env bash
# Benchmark (root): ADD and DEL latency of tether-bridge (warm JVM, and one exec'd JVM) next to the
# reference bridge plugin with host-local, interleaved, in namespaces the benchmark makes and deletes.
# Usage: bash cni/bench/bridge-bench.sh [iterations, default 100]
exec bash "$(dirname "$0")/test-main.sh" dev.tether.cni.bench.BridgeBenchmark "${1:-100}"
