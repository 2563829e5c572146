#!/usr/bin/env bash
# Lab benchmark: time from request to ready pair on the namespace lab, and iperf3 throughput client -> peer.
# Needs root on Linux with iproute2, openssh-server and iperf3.
# Usage: eng/bench-lab.sh [--mode ssh|single] [--pairs N] [--seconds S]
#   smoke:     eng/bench-lab.sh --pairs 1 --seconds 1
#   reference: eng/bench-lab.sh --mode ssh --pairs 5 --seconds 10   (and again with --mode single)
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ "$(id -u)" != "0" ]; then echo "bench-lab needs root (network namespaces)" >&2; exit 2; fi
dotnet build bench/Netperf.Lab.Bench -c Release -nologo -v:q -clp:ErrorsOnly
exec dotnet bench/Netperf.Lab.Bench/bin/Release/net10.0/Netperf.Lab.Bench.dll "$@"
