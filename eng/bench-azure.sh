#!/usr/bin/env bash
# Azure benchmarks against the local ARM fake (loopback only); prints figures and a JSON line.
#   eng/bench-azure.sh                 # time to a ready Windows and Linux pair with realistic latencies on a fake
#                                      # clock (first Run Command 5 min 41 s, later ones 40 s...), 3 rounds
#   eng/bench-azure.sh --parallel      # 8 pairs in parallel vs one, 2 s VM creation delay, real clock (goal <= 1.5)
#   eng/bench-azure.sh --smoke         # one round of the first (checks that it works; the figures are still fake time)
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
args=("$@")
case "${1:-}" in
  --smoke) args=(--mode ready --rounds 1) ;;
  --parallel) args=(--mode parallel "${@:2}") ;;
esac
dotnet run -c Release --project "$root/bench/Netperf.Azure.Bench" -- "${args[@]}"
