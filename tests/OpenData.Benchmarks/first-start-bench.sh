#!/usr/bin/env bash
# First start (issue 10): the README's run command, `dotnet run --project src/OpenData.Api`, on a fresh copy of the
# repository (the committed tree of HEAD, so seed-data/ as a clone has it and no data/ folder), timed until /ready
# answers 200: the start-up import of every seed file into a new store is inside that time. The build of the fresh
# copy is done and timed first, apart, so the start-up is not measured with a cold compile in it (`dotnet run` still
# checks that the build is up to date, as it does for a user). Prints numbers, asserts none. Never touches the
# repository's data/ folder; everything is in a temporary folder, deleted at the end. Traffic to 127.0.0.1 only.
#
# Usage: tests/OpenData.Benchmarks/first-start-bench.sh [--port N] [--timeout SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

port= timeout=300
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    *) echo "usage: $0 [--port N] [--timeout SECONDS]" >&2; exit 2 ;;
  esac
done
[ -n "$port" ] || port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

work=$(mktemp -d "${TMPDIR:-/tmp}/opendata-first-start-XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$root" archive HEAD | tar -x -C "$work"
[ ! -e "$work/data" ] || { echo "the fresh copy has a data/ folder" >&2; exit 1; }
echo "fresh copy of $(git -C "$root" rev-parse --short HEAD) in $work: $(find "$work/seed-data" -type f | wc -l) seed files, $(du -sm "$work/seed-data" | cut -f1) MB"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(date +%s.%N)
(cd "$work" && dotnet build src/OpenData.Api -nologo -v quiet >"$work/build.log" 2>&1) || { cat "$work/build.log"; exit 1; }
built=$(date +%s.%N)
echo "build of the fresh copy (Debug, as dotnet run does): $(awk -v a="$start" -v b="$built" 'BEGIN { printf "%.1f", b - a }') s"

# The README's command; --urls only moves it off the default port to a free loopback one.
start=$(date +%s.%N)
(cd "$work" && exec setsid dotnet run --project src/OpenData.Api -- --urls "http://127.0.0.1:$port") >"$work/api.log" 2>&1 &
pid=$!
ready=
for _ in $(seq $((timeout * 10))); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready" 2>/dev/null)" = 200 ]; then ready=$(date +%s.%N); break; fi
  kill -0 "$pid" 2>/dev/null || { echo "the API stopped:" >&2; cat "$work/api.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$ready" ] || { echo "no 200 from /ready within $timeout s" >&2; tail -20 "$work/api.log" >&2; exit 1; }
echo "first start: $(awk -v a="$start" -v b="$ready" 'BEGIN { printf "%.1f", b - a }') s from \`dotnet run --project src/OpenData.Api\` to /ready 200 (goal: at most 30 s)"
store=$(find "$work/data" -name '*.db' 2>/dev/null | head -1)
[ -z "$store" ] || echo "store built at start-up: $store, $(du -m "$store" | cut -f1) MB"
grep -E "validated [0-9]+ files|wrote release|Now listening" "$work/api.log" | sed "s/^ */  log: /"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
