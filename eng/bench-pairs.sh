#!/usr/bin/env bash
# Time to N ready pairs (N = 1, 4, 8) with the pair pool's provisioning parallelism on and off.
# Usage: eng/bench-pairs.sh [simulated|local|<env>] [extra netperf bench pairs options]
#   eng/bench-pairs.sh                      # in-memory simulated provider, 2 s creation delay
#   eng/bench-pairs.sh local                # real local pairs (private sshd per pair)
#   eng/bench-pairs.sh simulated --delay 200ms --counts 1,2   # smoke run
# Prints a table and the ratio time(8)/time(1); the goal is <= 1.5x with parallelism on.
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
env="${1:-simulated}"
shift || true
dotnet build "$root/src/Netperf.Tool" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
exec dotnet "$root/src/Netperf.Tool/bin/Release/net10.0/netperf.dll" bench pairs --env "$env" "$@"
