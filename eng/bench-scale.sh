#!/usr/bin/env bash
# Benchmarks of the runner at scale, printed as ratios (take figures on a quiet machine only).
#   eng/bench-scale.sh latency   [seconds]   NoOp --latency at p=1 vs a plain two-clock-read loop into an array histogram (goal >= 0.9x)
#   eng/bench-scale.sh processes [seconds]   NoOp p=2 over --processes 2 vs p=1 in one process (goal >= 1.85x on 2 cores)
#                                            and vs p=2 in one process (goal >= 0.95x)
# Default 10 s per run (2 s warm-up). A smoke run: eng/bench-scale.sh latency 1
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what="${1:-}"
secs="${2:-10}"
dotnet build "$root/samples/Netperf.Samples.PerfTests" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
exe="$root/samples/Netperf.Samples.PerfTests/bin/Release/net10.0/Netperf.Samples.PerfTests"

# Mean ops/s of a run, from the result line "N iteration(s): X operations, Y ops/s (mean), ...".
ops() { "$exe" NoOp --duration "$secs" --warmup 2 "$@" | sed -n 's/.* operations, \([0-9,.]*\) ops\/s (mean).*/\1/p' | tr -d ,; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

case "$what" in
  latency)
    with=$(ops --parallel 1 --processes 1 --latency --sync)
    base=$("$exe" latency-baseline "$secs" | sed -n 's/baseline: \([0-9,.]*\) ops\/s/\1/p' | tr -d ,)
    echo "NoOp --latency p=1: $with ops/s; two-clock-read loop: $base ops/s; ratio $(ratio "$with" "$base")x (goal >= 0.9x)"
    ;;
  processes)
    multi=$(ops --parallel 2 --processes 2)
    one=$(ops --parallel 1 --processes 1)
    inproc=$(ops --parallel 2 --processes 1)
    echo "NoOp p=2 --processes 2: $multi ops/s; p=1: $one ops/s; p=2 in one process: $inproc ops/s"
    echo "ratio vs p=1: $(ratio "$multi" "$one")x (goal >= 1.85x); vs p=2 in-process: $(ratio "$multi" "$inproc")x (goal >= 0.95x)"
    ;;
  *)
    echo "usage: eng/bench-scale.sh latency|processes [seconds]" >&2
    exit 2
    ;;
esac
