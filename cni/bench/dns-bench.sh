#!/usr/bin/env bash
# Benchmark (root): the daemon's DNS from inside a container (answered by Tether, forwarded, and
# straight to the upstream as a baseline; UDP and TCP), and ADD+DEL through a daemon with DNS next
# to one without, interleaved, in namespaces the benchmark makes and deletes.
# Usage: bash cni/bench/dns-bench.sh [iterations, default 2000]
exec bash "$(dirname "$0")/test-main.sh" dev.tether.cni.dns.DnsBenchmark "${1:-2000}"
