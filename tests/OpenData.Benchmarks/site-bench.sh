#!/usr/bin/env bash
# The site's page weights and cold render times (issue 14): builds the API (Release) and a store from seed-data/ in a
# temporary folder, starts the API, and loads one page of each type in Debian's headless Chromium (see
# SiteBenchmark.cs for what "cold" means). Prints numbers, asserts none. Traffic to 127.0.0.1 only.
#
# Usage: tests/OpenData.Benchmarks/site-bench.sh [--chromium /usr/bin/chromium] [--port N]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

work=$(mktemp -d "${TMPDIR:-/tmp}/opendata-site-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(uptime | sed 's/^ *//')"
echo "building the API (Release) and the store ..."
dotnet build -c Release src/OpenData.Api -o "$work/api" -nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet run -c Release --project src/OpenData.Import -- --seed-data "$root/seed-data" --database "$work/opendata.db" >"$work/import.log" 2>&1 \
  || { cat "$work/import.log"; exit 1; }
dotnet build -c Release tests/OpenData.Benchmarks -nologo -v quiet >"$work/build-bench.log" 2>&1 || { cat "$work/build-bench.log"; exit 1; }

dotnet tests/OpenData.Benchmarks/bin/Release/net10.0/OpenData.Benchmarks.dll site \
  --api "$work/api/OpenData.Api.dll" --database "$work/opendata.db" "$@"
echo "$(uptime | sed 's/^ *//')"
