#!/usr/bin/env bash
# Measurement trust (issue #18): how precise --rate is, and whether compare / compare --ab cry wolf.
#   eng/bench-measurement.sh rate [seconds]          NoOp at 100, 1,000, 10,000 ops/s, sync and async:
#                                                   achieved rate, corrected p50/p99 beside service p50/p99
#   eng/bench-measurement.sh compare [n] [seconds]  n times: two back-to-back runs of one build and settings
#                                                   (CpuWorkTest -i 3 --latency), judged by compare; counts verdicts
#   eng/bench-measurement.sh ab [n] [blocks] [s]    n A/B runs each of A/A, +10% work and +3% work (CpuWorkTest);
#                                                   counts verdicts
#   eng/bench-measurement.sh all                    the three, with the load average before and after
# Run under the shared lock, as benchmarks on this machine must be:
#   flock /tmp/netperf-integration.lock bash eng/bench-measurement.sh all
# The machine is shared: every section prints the load average so a figure can be read against it.
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode="${1:-all}"
shift || true
work="$(mktemp -d /tmp/netperf-bench-measurement.XXXXXX)"
trap 'rm -rf "$work"' EXIT
sample="$work/bin/Netperf.Samples.PerfTests.dll"

# A private copy of the build: a rebuild of the checkout while the benchmark runs cannot swap its binaries.
build() {
  dotnet build "$root/samples/Netperf.Samples.PerfTests" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
  cp -r "$root/samples/Netperf.Samples.PerfTests/bin/Release/net10.0" "$work/bin"
}
perf() {
  dotnet "$sample" "$@"
}
load() {
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
field() { # field FILE python-expression-on-d
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

rate() {
  local seconds="${1:-5}"
  load
  printf '%-6s %-6s %12s %14s %14s %14s %14s\n' mode rate achieved "service p50" "service p99" "corr. p50" "corr. p99"
  for r in 100 1000 10000; do
    for m in sync async; do
      local extra=()
      [ "$m" = sync ] && extra=(--sync)
      local f="$work/rate-$r-$m.json"
      perf NoOpTest --rate "$r" --latency --duration "$seconds" --warmup 1 --parallel 1 --processes 1 "${extra[@]}" --results-file "$f" >/dev/null
      python3 - "$f" "$m" "$r" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); it = d["iterations"][0]; lat = it["latency"]
us = lambda ns: f"{ns/1000:.2f} us"
print(f'{sys.argv[2]:<6} {sys.argv[3]:<6} {d["opsPerSecond"]:12,.1f} {us(lat["serviceTime"]["p50"]):>14} {us(lat["serviceTime"]["p99"]):>14} {us(lat["corrected"]["p50"]):>14} {us(lat["corrected"]["p99"]):>14}')
PY
    done
  done
  load
}

compare_aa() {
  local n="${1:-20}" seconds="${2:-1}"
  load
  local nochange=0 other=0
  for i in $(seq 1 "$n"); do
    perf CpuWorkTest --latency --iterations 3 --duration "$seconds" --warmup 1 --parallel 1 --processes 1 --results-file "$work/a.json" >/dev/null
    perf CpuWorkTest --latency --iterations 3 --duration "$seconds" --warmup 1 --parallel 1 --processes 1 --results-file "$work/b.json" >/dev/null
    local verdict
    verdict="$(perf compare "$work/a.json" "$work/b.json" | grep '^CpuWorkTest: ' | tail -1)"
    echo "compare A/A $i: $verdict"
    if [ "$verdict" = "CpuWorkTest: no change" ]; then nochange=$((nochange + 1)); else other=$((other + 1)); fi
  done
  echo "compare A/A: 'no change' in $nochange of $n (goal >= $((n - 1)))"
  load
}

ab() {
  local n="${1:-20}" blocks="${2:-2}" seconds="${3:-1}"
  load
  for extra in 0 10 3; do
    local improved=0 regressed=0 nochange=0
    for i in $(seq 1 "$n"); do
      local line
      line="$(perf compare --ab "options:--extra-work-percent 0" "options:--extra-work-percent $extra" --blocks "$blocks" \
        --output "$work/ab" -- CpuWorkTest --duration "$seconds" --warmup 1 --parallel 1 --processes 1 | grep '^CpuWorkTest: ' || true)"
      echo "ab +$extra% $i: $line"
      case "$line" in
        *": improved") improved=$((improved + 1)) ;;
        *": regressed") regressed=$((regressed + 1)) ;;
        *) nochange=$((nochange + 1)) ;;
      esac
    done
    echo "ab +$extra% work: regressed $regressed, no change $nochange, improved $improved (of $n)"
  done
  load
}

build
case "$mode" in
  rate) rate "$@" ;;
  compare) compare_aa "$@" ;;
  ab) ab "$@" ;;
  all) rate; compare_aa; ab ;;
  *) echo "usage: $0 rate|compare|ab|all" >&2; exit 2 ;;
esac
