#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line:
#   N passed, N failed, N skipped
# summed over all test projects, so a run that executed no test is visible.
# Usage: eng/test.sh [extra dotnet test arguments]
set -uo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build Netperf.sln -c Release -nologo -v:q -clp:ErrorsOnly
build_rc=$?
if [ $build_rc -ne 0 ]; then
  echo "build failed (exit $build_rc)"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet test Netperf.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 8m "$@"
test_rc=$?

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); n=$(get notExecuted); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${n:-0}))
done
if [ $test_rc -ne 0 ] && [ $failed -eq 0 ]; then
  # dotnet test failed without a failing test (a crashed host, a missing trx): count it.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $test_rc -eq 0 ] && [ $failed -eq 0 ]
