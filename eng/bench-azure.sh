#!/usr/bin/env bash
# Azure pair-creation benchmark against the local ARM fake (loopback only): N pairs in parallel vs one,
# with a fixed VM creation latency in the fake. Prints the ratio (goal <= 1.5) and a JSON line.
#   eng/bench-azure.sh                 # 8 pairs, 2 s creation delay, 3 rounds
#   eng/bench-azure.sh --smoke         # 2 pairs, 200 ms, 1 round (checks that it works, not a figure)
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
args=("$@")
if [ "${1:-}" = "--smoke" ]; then args=(--pairs 2 --delay-ms 200 --rounds 1 --goal 100); fi
dotnet run -c Release --project "$root/bench/Netperf.Azure.Bench" -- "${args[@]}"
