#!/usr/bin/env bash
# Attack benchmark (issue 9, "public means hostile"): each attack against a freshly started API process, Release
# build, Production mode, bound to 127.0.0.1, over a store imported from seed-data/ into a temporary folder. Prints per
# attack the server's peak resident memory, the attack's status counts, the p50/p99 of a cheap GET sent meanwhile from
# 127.0.0.2-9, whether /ready answers within 5 s after, and a verdict against the goals; then a summary table.
# Every attack runs twice: with the configuration's rate limiter, then with RateLimit__Enabled=false (many clients
# behind one NAT, or a distributed attacker), so admission and size limits are seen to hold without it.
# Not part of the test command. Traffic to 127.0.0.x only; every loop is bounded (about 10 minutes in all), and a
# server passing 3 GiB resident is killed. Exit status 1 when any run misses a goal.
#
# Usage: tests/OpenData.Benchmarks/attack-bench.sh [--seconds N] [--only ID,...] [--no-rate-limit-pass | --rate-limiter-off-only] [--port N]
#   --seconds                attack time per run (default 20; requests still running 15 s later are cut)
#   --only                   attack ids or prefixes, e.g. --only 1,4 or --only 6b (ids: 0 1a 1b 2 3 4 5 6a 6b 7)
#   --no-rate-limit-pass     skip the second pass (rate limiter off)
#   --rate-limiter-off-only  run only the second pass
#   --port                   the API's port on 127.0.0.1 (default: a free one)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

work=$(mktemp -d "${TMPDIR:-/tmp}/opendata-attack-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(uptime | sed 's/^ *//')"
echo "building the API (Release) and the store ..."
dotnet build -c Release src/OpenData.Api -o "$work/api" -nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet run -c Release --project src/OpenData.Import -- --seed-data "$root/seed-data" --database "$work/opendata.db" >"$work/import.log" 2>&1 \
  || { cat "$work/import.log"; exit 1; }
dotnet build -c Release tests/OpenData.Benchmarks -nologo -v quiet >"$work/build-bench.log" 2>&1 || { cat "$work/build-bench.log"; exit 1; }

status=0
dotnet tests/OpenData.Benchmarks/bin/Release/net10.0/OpenData.Benchmarks.dll attack \
  --api "$work/api/OpenData.Api.dll" --database "$work/opendata.db" "$@" || status=$?
echo "$(uptime | sed 's/^ *//')"
exit "$status"
