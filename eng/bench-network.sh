#!/usr/bin/env bash
# Network benchmark: Netperf's network tests against the tools network engineers trust, on the same link (a pair of
# network namespaces joined by a veth, 10.77.7.1 <-> 10.77.7.2), in alternating rounds so a figure does not depend on
# the minute it was taken: every round runs ours and the reference once each per comparison, in an order drawn at
# random per round and comparison (AB or BA), and the summary is the median of the rounds' ratios with its min-max.
#   tcp1      TcpThroughputTest p=1 --sync       vs iperf3 (1 stream)              goal >= 1.00x
#   tcp4      TcpThroughputTest p=4 --sync       vs iperf3 -P 4                    goal >= 0.90x
#   http      HttpGetTest p=16 (2 processes)     vs wrk -t2 -c16 (same server/URL) goal >= 1.00x
#   udp       UdpThroughputTest at iperf3's rate vs iperf3 -u -b RATE -l 1200      achieved rate within 2%, loss within 0.2 points
#   udp-loss  the same with 1% loss injected on the link (netem where the kernel has sch_netem, else an nftables
#             random drop in the receiving namespace)                               loss reported 1 +- 0.2 %
#   rr        TcpRequestResponseTest p50/p99     vs sockperf ping-pong --tcp --full-rtt (64-byte messages)  p50 within 10%
# Per run it also reads, in each namespace, the kernel's counters (/proc/net/snmp: TCP retransmits, UDP receive-buffer
# and other drops) and prints their medians per side, with our tests' own CPU cost per byte or per transaction (from
# their outcome file) and iperf3's (from its JSON). The load average is printed per comparison and for the whole run.
# Needs root (namespaces), iproute2, iperf3, wrk, sockperf, jq, nftables (or sch_netem) and the .NET SDK. Creates only
# npnbench-* namespaces and npnb* links and removes them (and every process it started) on exit, also on Ctrl+C.
# Usage: sudo bash eng/bench-network.sh [--rounds N (5)] [--duration S (10)] [--warmup S (2)] [--udp-rate MBIT/S (200)]
#                                       [--only tcp1,tcp4,http,udp,udp-loss,rr] [--seed N] [--smoke]
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=5
duration=10
warmup=2
udp_mbits=200
only="tcp1,tcp4,http,udp,udp-loss,rr"
seed=$$
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --udp-rate) udp_mbits="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --smoke) rounds=2; duration=1; warmup=1; shift ;;
    *) echo "unknown argument: $1 (use --rounds N, --duration S, --warmup S, --udp-rate MBIT/S, --only LIST, --seed N, --smoke)" >&2; exit 2 ;;
  esac
done
RANDOM=$seed

[ "$(id -u)" = "0" ] || { echo "bench-network.sh needs root (it creates network namespaces)" >&2; exit 2; }
for tool in ip iperf3 wrk sockperf jq dotnet; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install iproute2 iperf3 wrk sockperf jq nftables (and the .NET SDK)" >&2; exit 2; }
done
wants() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

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

wait_listening() { # ns port [udp]
  local flags=-Hltn; [ "${3:-}" = udp ] && flags=-Hlun
  for _ in $(seq 1 100); do
    ip netns exec "$1" ss $flags "sport = :$2" | grep -q . && return 0
    sleep 0.1
  done
  echo "nothing listens on port $2 in $1" >&2; return 1
}

# --- kernel counters of a namespace ----------------------------------------------------------------
snmp() { # ns -> "retrans rcvbuf udp_other": Tcp RetransSegs, Udp RcvbufErrors, Udp InErrors - RcvbufErrors (+ NoPorts)
  ip netns exec "$1" cat /proc/net/snmp | awk '
    /^Tcp:/ { if (!th) { for (i = 2; i <= NF; i++) tn[$i] = i; th = 1 } else { retr = $tn["RetransSegs"] } }
    /^Udp:/ { if (!uh) { for (i = 2; i <= NF; i++) un[$i] = i; uh = 1 } else { rb = $un["RcvbufErrors"]; other = $un["InErrors"] - rb + $un["NoPorts"] } }
    END { print retr + 0, rb + 0, other + 0 }'
}
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# --- loss injection for udp-loss -------------------------------------------------------------------
loss_on() {
  if ip netns exec "$ns_a" tc qdisc add dev npnbva root netem loss 1% 2>/dev/null; then
    loss_how="netem loss 1% on npnbva"
  elif command -v nft >/dev/null; then
    ip netns exec "$ns_b" nft -f - <<'EOF'
table inet npnbench_loss {
  chain input { type filter hook input priority 0; policy accept; meta l4proto udp numgen random mod 10000 < 100 drop; }
}
EOF
    loss_how="nftables random drop of 1% of UDP in $ns_b (no sch_netem)"
  else
    echo "udp-loss needs sch_netem or nftables (apt-get install nftables)" >&2; return 1
  fi
}
loss_off() {
  ip netns exec "$ns_a" tc qdisc del dev npnbva root 2>/dev/null || true
  ip netns exec "$ns_b" nft delete table inet npnbench_loss 2>/dev/null || true
}

# --- the reference tools' servers (started once, kept for every round) ----------------------------
ip netns exec "$ns_b" iperf3 -s -B "$addr_b" -p 5201 >"$work/iperf3-server.log" 2>&1 &
pids+=($!)
wait_listening "$ns_b" 5201
if wants rr; then
  ip netns exec "$ns_b" sockperf server --tcp -i "$addr_b" -p 11111 >"$work/sockperf-server.log" 2>&1 &
  pids+=($!)
  wait_listening "$ns_b" 11111
fi
http_port=8080
if wants http; then
  # One server for wrk and for ours, so both hit the same server and URL.
  ip netns exec "$ns_b" dotnet "$dll" netperf-server --mode http --bind "$addr_b" --port $http_port --response-size 4000 --no-stdin \
    >"$work/http-server.log" 2>&1 &
  pids+=($!)
  wait_listening "$ns_b" $http_port
fi

# --- one run of each side: each prints "VALUE [key=value ...]" ---------------------------------------
run_id=0
ours() { # name processes test args... ; runs our test, leaves $work/$name.json and $work/$name.outcome.json
  local name="$1" processes="$2"; shift 2
  ip netns exec "$ns_a" dotnet "$dll" perf "$@" --processes "$processes" --peer "${PEER:-$addr_b}" --server-via "ip netns exec $ns_b" --server-bind "$addr_b" \
    -d "$duration" -w "$warmup" --results-file "$work/$name.json" --outcome-file "$work/$name.outcome.json" >"$work/$name.log" 2>&1 \
    || { echo "our $name run failed:" >&2; tail -20 "$work/$name.log" >&2; return 1; }
}
ops() { jq -r '.opsPerSecond' "$work/$1.json"; }
our_counters() { # name -> "cpu_c=.. cpu_s=..": CPU per unit of each side (ns per byte, us per request or datagram)
  jq -r '
    def per(c): if c == null or c.cpuSecondsPerUnit == null then "-" else (c.cpuSecondsPerUnit * (if c.unit == "bytes" then 1e9 else 1e6 end) | tostring) end;
    "cpu_c=\(per(.clientCounters)) cpu_s=\(per(.report.counters))"' "$work/$1.outcome.json"
}
buffer=131072
ours_tcp() { # parallel
  local name="tcp-p$1-$run_id"
  ours "$name" 1 TcpThroughput --buffer-size $buffer --parallel "$1" --sync || return 1
  echo "$(awk -v ops="$(ops "$name")" -v b=$buffer 'BEGIN { printf "%.0f", ops * b * 8 / 1e6 }') $(our_counters "$name")"
}
iperf_ok() { # an iperf3 --json run that failed says why in .error
  local error; error=$(jq -r '.error // empty' "$work/iperf.json" 2>/dev/null || echo "unreadable JSON")
  [ -z "$error" ] || { echo "iperf3: $error" >&2; return 1; }
}
ref_tcp() { # parallel
  ip netns exec "$ns_a" iperf3 -c "$addr_b" -p 5201 -t "$duration" -O "$warmup" -P "$1" --json >"$work/iperf.json" || true
  iperf_ok || return 1
  jq -r '"\(.end.sum_received.bits_per_second / 1e6 | floor) cpu_c=\(.end.cpu_utilization_percent.host_total / 100 * .end.sum_received.seconds / .end.sum_received.bytes * 1e9) cpu_s=\(.end.cpu_utilization_percent.remote_total / 100 * .end.sum_received.seconds / .end.sum_received.bytes * 1e9)"' "$work/iperf.json"
}
ours_http() {
  local name="http-$run_id"
  # Like wrk -t2 -c16: two event loops (one client process per core, each with one epoll loop of its own that reads every
  # response when it is there) sharing the 16 connections, against the same already-running server (counts are not
  # compared then).
  PEER="$addr_b:$http_port" ours "$name" 2 HttpGet --client raw --response-size 4000 --parallel 16 --external-server || return 1
  echo "$(ops "$name" | awk '{ printf "%.0f", $1 }')"
}
ref_http() {
  ip netns exec "$ns_a" wrk -t2 -c16 -d"${duration}s" "http://$addr_b:$http_port/" | awk '/Requests\/sec/ { printf "%.0f\n", $2 }'
}
udp_size=1200
ours_udp() {
  local name="udp-$run_id"
  ours "$name" 1 UdpThroughput --size $udp_size --datagram-rate "$(awk -v m="$udp_mbits" -v s=$udp_size 'BEGIN { printf "%.0f", m * 1e6 / (s * 8) }')" || return 1
  # Achieved = what arrived: the sending rate less the loss (client vs server datagrams over the whole run).
  jq -r --argjson ops "$(ops "$name")" --argjson size $udp_size \
    '(if .clientCount > 0 then (.clientCount - .serverCount) / .clientCount * 100 else 0 end) as $loss
     | "\($ops * $size * 8 / 1e6 * (1 - $loss / 100)) loss=\($loss)"' "$work/$name.outcome.json" | sed "s/\$/ $(our_counters "$name")/"
}
ref_udp() {
  ip netns exec "$ns_a" iperf3 -c "$addr_b" -p 5201 -u -b "${udp_mbits}M" -l $udp_size -w 8M -t "$duration" -O "$warmup" --json >"$work/iperf.json" || true
  iperf_ok || return 1
  jq -r '.end.sum as $s | "\($s.bits_per_second * (1 - $s.lost_percent / 100) / 1e6) loss=\($s.lost_percent)"' "$work/iperf.json"
}
rr_size=64
ours_rr() {
  local name="rr-$run_id"
  ours "$name" 1 TcpRequestResponse --request-size $rr_size --response-size $rr_size --latency --sync || return 1
  jq -r '[.iterations[-1].latency.serviceTime.p50, .iterations[-1].latency.serviceTime.p99] | "\(.[0] / 1000) p99=\(.[1] / 1000)"' "$work/$name.json" \
    | sed "s/\$/ $(our_counters "$name")/"
}
ref_rr() {
  ip netns exec "$ns_a" sockperf ping-pong --tcp -i "$addr_b" -p 11111 -m $rr_size -t "$((duration + warmup))" --full-rtt >"$work/sockperf.log" 2>&1
  awk '/percentile 50.000 =/ { p50 = $NF } /percentile 99.000 =/ { p99 = $NF } END { print p50 " p99=" p99 }' "$work/sockperf.log"
}

run_side() { # comparison side round
  local fn="$2_${1%%-*}" args=() before_a before_b after_a after_b load value
  case "$1" in tcp1) fn="$2_tcp"; args=(1) ;; tcp4) fn="$2_tcp"; args=(4) ;; udp-loss) fn="$2_udp" ;; esac
  run_id=$((run_id + 1))
  before_a=$(snmp "$ns_a"); before_b=$(snmp "$ns_b"); load=$(loadavg)
  # A failed run (a tool's error, a test that failed) is reported and left out of the medians; the rounds go on.
  if ! value=$("$fn" "${args[@]}") || [ -z "$value" ]; then
    echo "  round $3 $1 $2: FAILED (left out of the medians)"
    return 0
  fi
  after_a=$(snmp "$ns_a"); after_b=$(snmp "$ns_b")
  # retransmits on the sending side (a), UDP drops on the receiving side (b), as counted by the kernel around the run.
  local counters
  counters=$(awk -v b="$before_a $before_b" -v a="$after_a $after_b" 'BEGIN { split(b, x); split(a, y); printf "retr=%d rcvbuf=%d udpother=%d", y[1] - x[1], y[5] - x[5], y[6] - x[6] }')
  printf '%s\t%s\t%s\t%s\t%s %s\n' "$3" "$1" "$2" "$load" "$value" "$counters" >>"$work/runs.tsv"
  echo "  round $3 $1 $2: $value $counters (load $load)"
}

comparisons=()
for c in tcp1 tcp4 http udp udp-loss rr; do wants "$c" && comparisons+=("$c"); done
[ ${#comparisons[@]} -gt 0 ] || { echo "--only names none of tcp1,tcp4,http,udp,udp-loss,rr" >&2; exit 2; }
: >"$work/runs.tsv"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%H:%M:%S)
loss_how=""
for round in $(seq 1 "$rounds"); do
  for c in "${comparisons[@]}"; do
    [ "$c" = udp-loss ] && loss_on
    if [ $((RANDOM % 2)) -eq 0 ]; then order=(ours ref); else order=(ref ours); fi
    for side in "${order[@]}"; do run_side "$c" "$side" "$round"; done
    [ "$c" = udp-loss ] && loss_off
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# --- summary: per comparison the medians of both sides, the median ratio of the rounds and its min-max ----------------
summary() {
  awk -F'\t' -v cmp="$1" -v unit="$2" -v goal="$3" -v lower="$4" '
    function median(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
                                       return n == 0 ? 0 : (n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2) }
    function field(text, key,   n, p, i, kv) { n = split(text, p, " "); for (i = 2; i <= n; i++) { split(p[i], kv, "="); if (kv[1] == key) return kv[2] } return "" }
    $2 == cmp {
      split($5, v, " "); val[$3, $1] = v[1]; rounds[$1] = 1; loads[++nl] = $4 + 0
      for (k in keys) delete keys[k]
      n = split("loss p99 cpu_c cpu_s retr rcvbuf udpother", names, " ")
      for (i = 1; i <= n; i++) { x = field($5, names[i]); if (x != "" && x != "-" && x != "null") { extra[$3, names[i], ++cnt[$3, names[i]]] = x + 0 } }
    }
    END {
      nr = 0
      for (r in rounds) { o = val["ours", r]; f = val["ref", r]; if (f > 0 && o > 0) { ratio[++nr] = lower ? f / o : o / f; ours[nr] = o; refs[nr] = f } }
      min = max = ratio[1]; for (i = 1; i <= nr; i++) { if (ratio[i] < min) min = ratio[i]; if (ratio[i] > max) max = ratio[i] }
      lmin = lmax = loads[1]; for (i = 1; i <= nl; i++) { if (loads[i] < lmin) lmin = loads[i]; if (loads[i] > lmax) lmax = loads[i] }
      mo = median(ours, nr); mf = median(refs, nr); mr = median(ratio, nr)
      printf "%-9s %12.1f %12.1f %-5s %6.2f  %5.2f-%-5.2f %5d  %5.1f-%-5.1f %s\n", cmp, mo, mf, unit, mr, min, max, nr, lmin, lmax, goal
      line = ""
      n = split("loss p99 retr rcvbuf udpother cpu_c cpu_s", names, " ")
      for (i = 1; i <= n; i++) for (s = 1; s <= 2; s++) {
        side = s == 1 ? "ours" : "ref"; c = cnt[side, names[i]]; if (c == 0) continue
        for (j = 1; j <= c; j++) tmp[j] = extra[side, names[i], j]
        line = line sprintf(" %s %s %.3g;", side, names[i], median(tmp, c))
      }
      if (line != "") printf "          medians:%s\n", line
    }' "$work/runs.tsv"
}
echo
echo "network benchmark on $ns_a -> $ns_b (veth): $rounds rounds from $started UTC, each ${duration}s after ${warmup}s warm-up per side,"
echo "order AB/BA drawn per round (seed $seed); load average (1/5/15 min) at start $load_start, at end $load_end"
[ -n "$loss_how" ] && echo "udp-loss: $loss_how"
printf '%-9s %12s %12s %-5s %6s  %-11s %5s  %-11s %s\n' comparison "ours" "reference" unit ratio "min-max" rounds "load" goal
for c in "${comparisons[@]}"; do
  case "$c" in
    tcp1) summary tcp1 "Mb/s" "ours/iperf3 >= 1.00" 0 ;;
    tcp4) summary tcp4 "Mb/s" "ours/iperf3 -P 4 >= 0.90" 0 ;;
    http) summary http "r/s" "ours/wrk -c16 >= 1.00" 0 ;;
    udp) summary udp "Mb/s" "achieved ours/iperf3 -u 0.98-1.02, loss within 0.2 points" 0 ;;
    udp-loss) summary udp-loss "Mb/s" "loss 1 +- 0.2 % (both)" 0 ;;
    rr) summary rr "us" "p50 sockperf/ours >= 0.91 (ours within 10%)" 1 ;;
  esac
done
echo "(ratio = median over rounds of ours/reference per round; for rr reference/ours of the p50 RTT, so higher is better too."
echo " counters: retr = TCP RetransSegs in $ns_a, rcvbuf/udpother = UDP RcvbufErrors / other InErrors+NoPorts in $ns_b, cpu_c/cpu_s ="
echo " CPU of client/server per unit: ns per byte (tcp) or us per datagram (udp) or request (rr); loss in %, p99 in us)"
