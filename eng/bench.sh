#!/usr/bin/env bash
# Netperf.Perf benchmarks.
#   eng/bench.sh noop [--duration S] [--warmup S] [--rounds N]
#       Our NoOpTest (sync and async, p=1 and p=2) and, in the same process, a plain C# loop that
#       reads the clock once per call; prints each ops/s and the ratio ours/loop (goal >= 0.95).
#   eng/bench.sh micro [BenchmarkDotNet arguments]   (default: --filter '*')
#       BenchmarkDotNet benchmarks of the hot paths: run loop, counters, clock, RandomStream.
#   eng/bench.sh smoke
#       A few seconds of each, to check the scripts work (figures meaningless).
# Take figures on a quiet machine only.
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode="${1:-noop}"
shift || true

build() {
  dotnet build bench/Netperf.Benchmarks -c Release -nologo -v:q -clp:ErrorsOnly
}
run() {
  dotnet bench/Netperf.Benchmarks/bin/Release/net10.0/Netperf.Benchmarks.dll "$@"
}

case "$mode" in
  noop)
    build
    run noop "$@"
    ;;
  micro)
    build
    if [ $# -eq 0 ]; then set -- --filter '*'; fi
    # BenchmarkDotNet builds its own child project; run from the benchmark folder so it finds it.
    (cd bench/Netperf.Benchmarks && dotnet run -c Release --no-build -- micro "$@")
    ;;
  smoke)
    build
    run noop --duration 1 --warmup 1
    # In-process and a dry job: no child build, a few seconds.
    (cd bench/Netperf.Benchmarks && dotnet run -c Release --no-build -- micro --filter '*' --job dry --inProcess)
    ;;
  *)
    echo "usage: eng/bench.sh noop|micro|smoke [arguments]" >&2
    exit 2
    ;;
esac
