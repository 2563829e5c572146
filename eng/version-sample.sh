#!/usr/bin/env bash
# Version-vs-version sample: packs two versions of samples/VersionCompare/Netperf.Samples.Checksum into a
# local feed, then runs the `versions` mode, which builds the perf-test project against each version,
# runs them in alternation and prints the compare verdict.
# Usage: eng/version-sample.sh [rounds] [seconds per run]
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
seconds="${2:-2}"
sample="$root/samples/VersionCompare"
feed="$sample/feed"
out="${NETPERF_VERSIONS_OUT:-$root/netperf-results/versions}"

rm -rf "$feed"
mkdir -p "$feed"
# The versions are rebuilt from source each time: drop stale copies from the NuGet cache.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/netperf.samples.checksum"
for version in 1.0.0 2.0.0; do
  dotnet pack "$sample/Netperf.Samples.Checksum/Netperf.Samples.Checksum.csproj" -c Release -nologo -v:q \
    -p:ChecksumVersion=$version -o "$feed" \
    -p:UseArtifactsOutput=true -p:ArtifactsPath="$feed/artifacts-$version"
done

project="$sample/Netperf.Samples.VersionCompare/Netperf.Samples.VersionCompare.csproj"
dotnet build "$project" -c Release -nologo -v:q -o "$out/host"
dotnet "$out/host/Netperf.Samples.VersionCompare.dll" versions \
  --project "$project" --property ChecksumVersion --base 1.0.0 --head 2.0.0 \
  --rounds "$rounds" --output "$out" -- Checksum --duration "$seconds" --warmup 1
