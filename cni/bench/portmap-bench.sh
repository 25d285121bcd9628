#!/usr/bin/env bash
# Benchmark (root): ADD and DEL latency of tether-portmap (warm JVM) next to the reference portmap
# plugin, interleaved, with no and then N other containers' ports published, in namespaces the
# benchmark makes and deletes.
# Usage: bash cni/bench/portmap-bench.sh [iterations, default 50] [N, default 200]
exec bash "$(dirname "$0")/test-main.sh" dev.tether.cni.bench.PortMapBenchmark "${1:-50}" "${2:-200}"
