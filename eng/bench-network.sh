#!/usr/bin/env bash
# Network benchmark: Netperf's network tests against the tools network engineers trust, in one run,
# on the same link: a pair of network namespaces joined by a veth (10.77.7.1 <-> 10.77.7.2).
#   TcpThroughputTest p=1 vs iperf3 (1 stream)   goal >= 0.90x
#   TcpThroughputTest p=4 vs iperf3 -P 4          goal >= 0.90x
#   HttpGetTest p=16      vs wrk -c16 (same URL)  goal >= 0.85x
# Needs root (namespaces), iproute2, iperf3, wrk and the .NET SDK. Creates only npnbench-* namespaces
# and npnb* links, and removes them (and every process it started) on exit, also on Ctrl+C.
# Usage: sudo bash eng/bench-network.sh [--duration SECONDS (10)] [--warmup SECONDS (2)] [--smoke]
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration=10
warmup=2
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --smoke) duration=2; warmup=1; shift ;;
    *) echo "unknown argument: $1 (use --duration S, --warmup S, --smoke)" >&2; exit 2 ;;
  esac
done

[ "$(id -u)" = "0" ] || { echo "bench-network.sh needs root (it creates network namespaces)" >&2; exit 2; }
for tool in ip iperf3 wrk dotnet; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install iproute2 iperf3 wrk (and the .NET SDK)" >&2; exit 2; }
done

ns_a=npnbench-a
ns_b=npnbench-b
addr_a=10.77.7.1
addr_b=10.77.7.2
work="$(mktemp -d /tmp/npnbench.XXXXXX)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A stale pair of ours from an interrupted run goes first (only our own names).
ip netns del "$ns_a" 2>/dev/null || true
ip netns del "$ns_b" 2>/dev/null || true
ip netns add "$ns_a"
ip netns add "$ns_b"
ip link add npnbva netns "$ns_a" type veth peer name npnbvb netns "$ns_b"
ip -n "$ns_a" addr add "$addr_a/24" dev npnbva
ip -n "$ns_b" addr add "$addr_b/24" dev npnbvb
for ns in "$ns_a" "$ns_b"; do ip -n "$ns" link set lo up; done
ip -n "$ns_a" link set npnbva up
ip -n "$ns_b" link set npnbvb up

echo "building the Quickstart (the test executable) ..."
dotnet build "$root/samples/Netperf.Quickstart" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
dll="$root/samples/Netperf.Quickstart/bin/Release/net10.0/Netperf.Quickstart.dll"

wait_listening() { # ns port
  for _ in $(seq 1 100); do
    ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q . && return 0
    sleep 0.1
  done
  echo "nothing listens on port $2 in $1" >&2; return 1
}

# --- iperf3 -----------------------------------------------------------------------------------
ip netns exec "$ns_b" iperf3 -s -B "$addr_b" -p 5201 >"$work/iperf3-server.log" 2>&1 &
pids+=($!)
wait_listening "$ns_b" 5201

iperf_mbits() { # extra iperf3 args...; prints receiver Mbit/s
  ip netns exec "$ns_a" iperf3 -c "$addr_b" -p 5201 -t "$duration" -O "$warmup" -f m "$@" \
    | awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") v = $(i-1) } END { print v }'
}
echo "iperf3 1 stream ..."
iperf1=$(iperf_mbits)
echo "iperf3 -P 4 ..."
iperf4=$(iperf_mbits -P 4)

# --- ours: TcpThroughputTest ----------------------------------------------------------------------
ours() { # name processes test args... ; prints opsPerSecond (PEER=HOST:PORT overrides the peer)
  local name="$1" processes="$2"; shift 2
  ip netns exec "$ns_a" dotnet "$dll" perf "$@" --processes "$processes" --peer "${PEER:-$addr_b}" --server-via "ip netns exec $ns_b" --server-bind "$addr_b" \
    -d "$duration" -w "$warmup" --results-file "$work/$name.json" >"$work/$name.log" 2>&1 \
    || { echo "our $name run failed:" >&2; tail -20 "$work/$name.log" >&2; return 1; }
  # The run's total is the top-level property (two-space indent); instances and the warm-up have their own.
  grep -E '^  "opsPerSecond": *[0-9.eE+-]+' "$work/$name.json" | head -1 | sed 's/.*: *//; s/,$//'
}
buffer=131072
echo "ours TcpThroughput p=1 ..."
ours1=$(awk -v ops="$(ours tcp-p1 1 TcpThroughput --buffer-size $buffer)" -v b=$buffer 'BEGIN { printf "%.0f", ops * b * 8 / 1e6 }')
echo "ours TcpThroughput p=4 ..."
ours4=$(awk -v ops="$(ours tcp-p4 1 TcpThroughput --buffer-size $buffer --parallel 4)" -v b=$buffer 'BEGIN { printf "%.0f", ops * b * 8 / 1e6 }')

# --- wrk vs HttpGetTest on the same server and URL ------------------------------------------------
port=8080
ip netns exec "$ns_b" dotnet "$dll" netperf-server --mode http --bind "$addr_b" --port $port --response-size 4000 --no-stdin \
  >"$work/http-server.log" 2>&1 &
pids+=($!)
wait_listening "$ns_b" $port
echo "wrk -c16 ..."
wrk_rps=$(ip netns exec "$ns_a" wrk -t2 -c16 -d"${duration}s" "http://$addr_b:$port/" | awk '/Requests\/sec/ { print $2 }')
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
echo "ours HttpGet p=16 ..."
# Like wrk -t2 -c16: two event loops (one client process per core, socket completions inline on each
# process's socket-engine thread) sharing the 16 connections. The server is the same as wrk's: the
# client's socket-engine settings are never passed to it. Every process connects to the port given.
ours_rps=$(PEER="$addr_b:$port" ours http-p16 2 HttpGet --response-size 4000 --parallel 16 --inline-completions)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v r="$1" -v g="$2" 'BEGIN { print (r + 0 >= g) ? "meets" : "below" }'; }
r1=$(ratio "$ours1" "$iperf1"); r4=$(ratio "$ours4" "$iperf4"); rh=$(ratio "$ours_rps" "$wrk_rps")
echo
echo "network benchmark on $ns_a -> $ns_b (veth), ${duration}s each after ${warmup}s warm-up"
printf '%-34s %14s %14s %8s %s\n' "comparison" "ours" "reference" "ratio" "goal"
printf '%-34s %10s Mb/s %10s Mb/s %8s %s\n' "TcpThroughput p=1 vs iperf3" "$ours1" "$iperf1" "$r1" ">=0.90 ($(verdict "$r1" 0.90))"
printf '%-34s %10s Mb/s %10s Mb/s %8s %s\n' "TcpThroughput p=4 vs iperf3 -P 4" "$ours4" "$iperf4" "$r4" ">=0.90 ($(verdict "$r4" 0.90))"
printf '%-34s %10.0f  r/s %10.0f  r/s %8s %s\n' "HttpGet p=16 vs wrk -c16" "$ours_rps" "$wrk_rps" "$rh" ">=0.85 ($(verdict "$rh" 0.85))"
