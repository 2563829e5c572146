#!/usr/bin/env bash
# Readiness with and without PowerShell: the bootstrapper's time per pair (sum of its steps) and its proof step alone,
# p50 over the pairs, for pairs made one at a time and N at once (--parallel), through the real netperf tool.
# Needs openssh-server, pwsh 7 (PATH or ~/.dotnet/tools) and jq; the lab needs root (network namespaces). With strace it
# also counts the pwsh start-ups of one pwsh readiness per environment (one on the client, one on the peer expected).
# Usage: eng/bench-readiness.sh [--envs local,lab] [--shells sh,pwsh] [--rounds N] [--parallel N]
#   smoke:     eng/bench-readiness.sh --envs local --rounds 1 --parallel 0
#   reference: eng/bench-readiness.sh --envs local,lab --rounds 5 --parallel 8
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
envs=local,lab rounds=5 parallel=8 shells=sh,pwsh
while [ $# -gt 0 ]; do
  case "$1" in
    --envs) envs="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --parallel) parallel="$2"; shift 2 ;;
    --shells) shells="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v jq >/dev/null || { echo "bench-readiness needs jq" >&2; exit 2; }
export PATH="$PATH:$HOME/.dotnet/tools"
dotnet build "$root/src/Netperf.Tool" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
tool=(dotnet "$root/src/Netperf.Tool/bin/Release/net10.0/netperf.dll")

# A private state folder (not under /tmp: the local peer's sshd refuses keys below a folder others may write).
state="$HOME/.local/state/netperf-bench-readiness-$$"
mkdir -p -m 700 "$state"
export NETPERF_STATE_DIR="$state"
trap 'rm -rf "$state"' EXIT

p50() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'; }

# create ENV COUNT SHELL: makes COUNT pairs at once, prints "total_ms prove_ms" per pair, deletes them.
create() {
  local env="$1" count="$2" shell="$3" json ids
  local extra=()
  [ "$env" = lab ] && extra=(--env lab) || extra=(--env "$env")
  json=$(env ${LAB_SETTINGS:-} "${tool[@]}" pairs create "${extra[@]}" --os ubuntu-24.04 --count "$count" --shell "$shell" --attempts 1 --json 2>/dev/null) || {
    echo "pairs create --env $env --count $count --shell $shell failed" >&2; return 1; }
  echo "$json" | jq -r '.[] | "\([.readiness[].durationMs] | add) \(.readiness[] | select(.name == "prove-ready") | .durationMs)"'
  for id in $(echo "$json" | jq -r '.[].id'); do
    env ${LAB_SETTINGS:-} "${tool[@]}" pairs delete "$id" "${extra[@]}" >/dev/null
  done
}

printf 'load average at start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-5s %-12s %6s %16s %16s\n' env shell mode pairs "p50 ready (ms)" "p50 proof (ms)"
for env in ${envs//,/ }; do
  LAB_SETTINGS=
  if [ "$env" = lab ]; then
    if [ "$(id -u)" != 0 ]; then echo "lab: skipped (needs root for network namespaces)" >&2; continue; fi
    LAB_SETTINGS="Netperf__Lab__SingleMachine=true"
  fi
  for shell in ${shells//,/ }; do
    samples=$(for _ in $(seq 1 "$rounds"); do create "$env" 1 "$shell"; done)
    printf '%-6s %-5s %-12s %6s %16s %16s\n' "$env" "$shell" "one at once" "$rounds" \
      "$(echo "$samples" | cut -d' ' -f1 | p50)" "$(echo "$samples" | cut -d' ' -f2 | p50)"
    # The single-machine lab takes up to 32 pairs at once (a link and subnet each), so both environments make N at once.
    if [ "$parallel" -gt 0 ]; then
      samples=$(create "$env" "$parallel" "$shell")
      printf '%-6s %-5s %-12s %6s %16s %16s\n' "$env" "$shell" "$parallel at once" "$parallel" \
        "$(echo "$samples" | cut -d' ' -f1 | p50)" "$(echo "$samples" | cut -d' ' -f2 | p50)"
    fi
  done
done
# One pwsh readiness per environment under strace (execve only, every process the tool starts, the pairs' sshd and
# what they start included): how many times pwsh was started on the client and as the peer's ssh subsystem (-sshs).
if command -v strace >/dev/null && [[ ",$shells," == *,pwsh,* ]]; then
  for env in ${envs//,/ }; do
    LAB_SETTINGS=
    if [ "$env" = lab ]; then
      [ "$(id -u)" = 0 ] || continue
      LAB_SETTINGS="Netperf__Lab__SingleMachine=true"
    fi
    trace="$state/strace-$env"
    mkdir -p "$trace"
    # strace follows the pair's sshd too, which outlives the tool: once the tool has exited, strace is stopped (-I1 lets
    # SIGTERM reach it, and it detaches what it still traces, so the sshd goes on until the pair is deleted).
    env ${LAB_SETTINGS:-} strace -I1 -f -ff -qq -s 256 --seccomp-bpf -e trace=execve -e signal=none -o "$trace/x" \
      "${tool[@]}" pairs create --env "$env" --os ubuntu-24.04 --shell pwsh --attempts 1 --json >"$trace/pairs.json" 2>/dev/null &
    tracer=$!
    until created=$(pgrep -P "$tracer"); do sleep 0.1; done
    while kill -0 "$created" 2>/dev/null; do sleep 0.2; done
    kill -TERM "$tracer" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$tracer" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$tracer" 2>/dev/null || true
    wait "$tracer" || true
    json=$(cat "$trace/pairs.json")
    [ -n "$json" ] || { echo "strace'd pairs create --env $env failed" >&2; continue; }
    for id in $(echo "$json" | jq -r '.[].id'); do env ${LAB_SETTINGS:-} "${tool[@]}" pairs delete "$id" --env "$env" >/dev/null; done
    starts=$(cat "$trace"/x.* | grep -E '^execve\("[^"]*/pwsh", ' | grep -v ' = -1 ' || true)
    total=$(printf '%s' "$starts" | grep -c . || true)
    peer=$(printf '%s' "$starts" | grep -c -- '"-sshs"' || true)
    printf '%s: pwsh started %s time(s) on the client and %s time(s) as the peer'"'"'s ssh subsystem in one readiness (proof: %s)\n' \
      "$env" "$((total - peer))" "$peer" "$(echo "$json" | jq -r '.[0].readiness[] | select(.name == "prove-ready") | .detail')"
  done
fi
printf 'load average at end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
