#!/usr/bin/env bash
# kill -9 sweep (issue 16 item 3): creates killed with SIGKILL at random points, then the janitor; afterwards nothing
# of ours may be left (sshd and ssh processes, pair and session folders, namespaces) and nothing else touched (a live
# pair, a decoy process, a decoy namespace without Netperf's tags).
#
# Usage: eng/kill9-sweep.sh [local|lab] [creates]
#   eng/kill9-sweep.sh local 30   # 30 local creates killed at random points, then ONE janitor pass
#   eng/kill9-sweep.sh lab 10     # single-machine namespace lab (root); it holds one pair at a time, so every
#                                 # killed create is followed by a janitor pass (else the next finds both hosts busy)
# Not part of the test run. Needs sshd; the lab mode needs root and iproute2. Exits 1 when anything is left or touched.
set -eu
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
env="${1:-local}"
creates="${2:-30}"
dotnet build "$root/src/Netperf.Tool" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
dll="$root/src/Netperf.Tool/bin/Release/net10.0/netperf.dll"
pairs() { dotnet "$dll" "$@"; }

# A private state folder of this run (never /tmp: sshd's StrictModes refuses keys there).
base="${XDG_RUNTIME_DIR:-$HOME/.local/state}"
mkdir -p -m 700 "$base"
state="$(mktemp -d "$base/np-sweep-XXXXXX")"
export NETPERF_STATE_DIR="$state"
prefix=nks
if [ "$env" = lab ]; then
  export NETPERF__LAB__SINGLEMACHINE=true NETPERF__LAB__NAMEPREFIX=$prefix
fi

naming() { # pids whose command line names $1 (this script's own processes excluded)
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$pid" != $$ ] || continue
    { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null | grep -qF -- "$1" && echo "$pid"
  done | sort -n || true
}
count() { grep -c . || true; }
netns_ours() { ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${prefix}[0-9a-f]{8}[a-z]$" | grep -vx "$decoy_ns" || true; }

# Decoys: what must survive the janitor.
sleep 3600 >/dev/null 2>&1 & decoy_pid=$!
decoy_ns=""
keep=""
keep_sshd=""
if [ "$env" = lab ]; then
  decoy_ns=${prefix}deadbeefz
  ip netns add "$decoy_ns"
  started=$(date +%s%N)
  pairs pairs create --env lab --os ubuntu-24.04 --ttl 1ms >/dev/null
  create_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  pairs janitor >/dev/null
  echo "a whole create takes ${create_ms} ms"
else
  started=$(date +%s%N)
  keep=$(pairs pairs create --env local --os ubuntu-24.04 --ttl 1h --json | grep -o '"id": *"[^"]*"' | head -1 | sed 's/.*"\([^"]*\)"$/\1/')
  create_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  keep_sshd=$(grep -o '"SshdPid": *[0-9]*' "$state/pairs/$keep.json" | grep -o '[0-9]*$')
  echo "live pair $keep (sshd $keep_sshd); a whole create takes ${create_ms} ms"
fi
window_ms=$create_ms

finished=0
for i in $(seq 1 "$creates"); do
  pairs pairs create --env "$env" --os ubuntu-24.04 --ttl 1ms >/dev/null 2>&1 &
  victim=$!
  delay_ms=$(( RANDOM % (window_ms + 1) ))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  if kill -9 "$victim" 2>/dev/null; then :; else finished=$((finished + 1)); fi
  wait "$victim" 2>/dev/null || true
  if [ "$env" = lab ]; then
    echo "kill $i at ${delay_ms} ms: left $(netns_ours | count) namespace(s), $(naming /run/netperf-lab/$prefix | count) sshd"
    pairs janitor >/dev/null || echo "  janitor reported a failure"
  fi
done

echo "after $creates kills ($finished finished before their kill):"
echo "  sshd/ssh processes naming the state: $(naming "$state/" | grep -vx "${keep_sshd:-x}" | count)"
echo "  pair records: $(ls "$state/pairs" 2>/dev/null | grep -c '\.json$' || true), pair folders: $(find "$state/pairs" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | count), session folders: $(ls "$state/ssh" 2>/dev/null | count)"
[ "$env" = lab ] || { pairs janitor > "$state.janitor.txt" || true; tail -1 "$state.janitor.txt"; }

# Let exiting processes go (bounded), then judge.
for _ in $(seq 1 100); do [ -z "$(naming "$state/" | grep -vx "${keep_sshd:-x}")" ] && break; sleep 0.1; done
left_procs=$(naming "$state/" | grep -vx "${keep_sshd:-x}" | count)
left_pairs=$(ls -A "$state/pairs" 2>/dev/null | grep -vx -e "$keep.json" -e "$keep" | count)
left_sessions=$(ls -A "$state/ssh" 2>/dev/null | count)
left_ns=$(netns_ours | count)
left_lab=$( { ls -d /run/netperf-lab/${prefix}* 2>/dev/null || true; } | count)
left_links=$( { ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | grep -E "^${prefix}[0-9a-f]{8}" || true; } | count)
touched=""
kill -0 "$decoy_pid" 2>/dev/null || touched="$touched decoy-process"
[ -z "$decoy_ns" ] || ip netns list | grep -qw "$decoy_ns" || touched="$touched decoy-namespace"
if [ -n "$keep" ]; then
  [ -f "$state/pairs/$keep.json" ] || touched="$touched live-pair-record"
  kill -0 "$keep_sshd" 2>/dev/null || touched="$touched live-pair-sshd"
fi
echo "after one janitor pass: processes $left_procs, pair entries $left_pairs, session folders $left_sessions, namespaces $left_ns, lab folders $left_lab, links $left_links; touched:${touched:- nothing}"

# Clean up what the sweep made on purpose.
[ -z "$keep" ] || pairs pairs delete "$keep" --env local >/dev/null
kill "$decoy_pid" 2>/dev/null || true
[ -z "$decoy_ns" ] || ip netns del "$decoy_ns"
rm -rf "$state" "$state.janitor.txt"
if [ $((left_procs + left_pairs + left_sessions + left_ns + left_lab + left_links)) -ne 0 ] || [ -n "$touched" ]; then
  echo "FAIL"
  exit 1
fi
echo "PASS"
