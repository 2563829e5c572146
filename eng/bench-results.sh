#!/usr/bin/env bash
# Results benchmark: ingest results files, read one long series, check many series, on SQLite and PostgreSQL.
# PostgreSQL needs Debian's postgresql package (a private server is started on a free port and removed after).
# Usage: eng/bench-results.sh [--engine sqlite|postgresql|both] [--files N] [--series S] [--points P]
#   smoke:     eng/bench-results.sh --engine sqlite --files 200 --series 20 --points 50
#   reference: eng/bench-results.sh   (both engines, 10000 files, 1000 series x 200 points)
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet build bench/Netperf.Results.Bench -c Release -nologo -v:q -clp:ErrorsOnly >&2
exec dotnet bench/Netperf.Results.Bench/bin/Release/net10.0/Netperf.Results.Bench.dll "$@"
