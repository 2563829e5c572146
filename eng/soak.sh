#!/usr/bin/env bash
# Soak: N create/delete cycles of a pair through the real CLI (netperf), counting before and after what a
# leak would grow: sshd processes (on the host, and those naming the soak's own state folder), network namespaces, pair state folders, netperf entries in /tmp, the machine's
# open file handles (/proc/sys/fs/file-nr) and the CLI process's peak RSS (first cycle vs last). Not in the test run.
# Usage: eng/soak.sh [--cycles N (default 1000)] [--lock FILE] [local|lab ...]   e.g. eng/soak.sh --cycles 50 local lab   (lab needs root)
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=1000
lock=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cycles) n="${2:?--cycles needs a number}"; shift 2 ;;
    --lock) lock="${2:?--lock needs a file}"; shift 2 ;;   # hold this flock for each cycle and each count (a shared machine's integration lock)
    *) break ;;
  esac
done
envs=("${@:-local}")
[ "${#envs[@]}" -gt 0 ] || envs=(local lab)
dotnet build "$root/src/Netperf.Tool" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
cli=(dotnet "$root/src/Netperf.Tool/bin/Release/net10.0/netperf.dll")
# A state folder of its own, so what is counted is this soak's (other runs on the machine may make pairs too).
mkdir -p "$HOME/.local/state" && chmod go-w "$HOME" "$HOME/.local" "$HOME/.local/state"
state=$(mktemp -d "$HOME/.local/state/netperf-soak.XXXXXX")   # not under /tmp: sshd StrictModes refuses keys below a world-writable folder
export NETPERF_STATE_DIR="$state"
export Netperf__Lab__SingleMachine=true   # `--env lab` is the single-machine namespace lab
rss_file=$(mktemp); trap 'rm -f "$rss_file"; rm -rf "$state"' EXIT

take_lock() { if [ -n "$lock" ]; then exec 9>"$lock"; flock 9; fi; }
drop_lock() { if [ -n "$lock" ]; then exec 9>&- 2>/dev/null || true; fi; }

counts() {
  local sshd ours ns folders tmp handles
  sshd=$(pgrep -c -x sshd || true)
  ours=$(pgrep -c -f "$state" || true)
  ns=$( (ip netns list 2>/dev/null || true) | wc -l)
  folders=$(find "$state" -mindepth 2 -maxdepth 2 -path '*/pairs/*' 2>/dev/null | wc -l)
  tmp=$(find /tmp -maxdepth 1 -name 'netperf-*' 2>/dev/null | wc -l)
  handles=$(cut -f1 /proc/sys/fs/file-nr)
  echo "$sshd $ours $ns $folders $tmp $handles"
}

for env in "${envs[@]}"; do
  take_lock; read -r s0 o0 n0 f0 t0 h0 <<<"$(counts)"; drop_lock
  first_rss=""; last_rss=""; failures=0
  start=$(date +%s)
  for ((i = 1; i <= n; i++)); do
    drop_lock; take_lock
    out=$(/usr/bin/time -o "$rss_file" -f '%M' "${cli[@]}" pairs create --env "$env" --os ubuntu-24.04 --ttl 10m --owner soak --json 2>/dev/null) || { failures=$((failures + 1)); continue; }
    rss=$(tail -1 "$rss_file")
    id=$(jq -r '.[0].id' <<<"$out" 2>/dev/null || true)
    [ -n "$id" ] && [ "$id" != null ] || { failures=$((failures + 1)); continue; }
    "${cli[@]}" pairs delete "$id" --env "$env" >/dev/null || failures=$((failures + 1))
    [ -n "$first_rss" ] || first_rss=$rss
    last_rss=$rss
    if ((i % 100 == 0)); then
      read -r si oi ni fi ti hi <<<"$(counts)"
      echo "  $env cycle $i: $failures failed, processes naming the state folder $oi, pair folders $fi, handles $hi, CLI peak RSS ${rss} KiB, load $(cut -d' ' -f1 /proc/loadavg)" >&2
    fi
  done
  drop_lock
  secs=$(( $(date +%s) - start ))
  take_lock; read -r s1 o1 n1 f1 t1 h1 <<<"$(counts)"; drop_lock
  printf '%s: %d cycles in %d s (%.2f s/cycle), %d failed; load %s\n' "$env" "$n" "$secs" "$(echo "$secs / $n" | bc -l)" "$failures" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '  %-26s %8s %8s %8s\n' what before after growth
  printf '  %-26s %8d %8d %+8d\n' "sshd processes (host)" "$s0" "$s1" $((s1 - s0)) "processes naming our state" "$o0" "$o1" $((o1 - o0)) "network namespaces" "$n0" "$n1" $((n1 - n0)) \
    "pair state folders" "$f0" "$f1" $((f1 - f0)) "/tmp/netperf-* entries" "$t0" "$t1" $((t1 - t0)) \
    "open file handles (host)" "$h0" "$h1" $((h1 - h0))
  printf '  %-26s %8s %8s   (KiB, create process, first vs last cycle)\n' "CLI peak RSS" "${first_rss:-?}" "${last_rss:-?}"
done
