#!/usr/bin/env bash
# Scale-out benchmark (issue 13): two API instances on one PostgreSQL database, both under a bounded wrk load, and an
# import of changed seed data in the middle. Prints the requests each instance served, the non-2xx, 5xx and socket
# error counts (aim: no failed request while the release changes under the load), the import's seconds and the
# seconds from the switch (the import's one UPDATE of opendata.served) until each instance served release 2.
# Exit status 1 when a request failed (a 5xx or a socket error) or an instance was not on release 2 within 30 s.
# Builds API and import in Release into a temporary folder, with a copy of seed-data/ there (the repository's is never
# changed), and a fresh database created and dropped here. Not part of the test command. Traffic to 127.0.0.1 only;
# every loop is bounded.
#
# Usage: tests/OpenData.Benchmarks/scale-out-bench.sh [--postgres CS] [--seconds N] [--connections N]
#   --postgres     Npgsql connection string of a role that may create databases (default: $OPENDATA_TEST_POSTGRES);
#                  its own database is only used to create and drop the benchmark's
#   --seconds      wrk load time (default 30); the import starts a third of the way in
#   --connections  wrk connections per instance (default 16; one wrk thread per instance)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

postgres=${OPENDATA_TEST_POSTGRES:-} seconds=30 connections=16
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "usage: $0 [--postgres CS] [--seconds N] [--connections N]" >&2; exit 2 ;;
  esac
done
[ -n "$postgres" ] || { echo "no connection string: pass --postgres CS or set OPENDATA_TEST_POSTGRES" >&2; exit 2; }

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk
fi
if ! command -v psql >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq postgresql-client
fi

# The connection string is Npgsql's (Key=Value;...); psql takes libpq's keywords. Only what creating and dropping a
# database needs is carried over.
libpq() { # npgsql-cs -> libpq conninfo
  local out= pair key value
  IFS=';' read -ra pairs <<<"$1"
  for pair in "${pairs[@]}"; do
    key=$(echo "${pair%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]') value=${pair#*=}
    case "$key" in
      host|server) out+=" host='$value'" ;;
      port) out+=" port='$value'" ;;
      username|userid|user|uid) out+=" user='$value'" ;;
      password|pwd) out+=" password='$value'" ;;
      database|db) out+=" dbname='$value'" ;;
    esac
  done
  echo "$out"
}
admin=$(libpq "$postgres")
database="opendata_bench_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The same connection string on the benchmark's database: any Database= is dropped, ours appended.
cs="$(echo "$postgres" | sed -E 's/(^|;)[[:space:]]*(Database|DB)[[:space:]]*=[^;]*//I; s/;+$//');Database=$database"

work=$(mktemp -d "${TMPDIR:-/tmp}/opendata-scale-out-bench-XXXXXX")
pids=() created=0
cleanup() {
  local status=$?
  if [ "$status" != 0 ]; then
    for log in "$work"/api-*.log; do [ -f "$log" ] && { echo "exit $status; $log ends:" >&2; tail -5 "$log" >&2; }; done
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  # Only the database this run created; FORCE ends sessions the instances may still hold.
  if [ "$created" = 1 ] && ! psql "$admin" -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1; then
    echo "could not drop database $database" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

wait_ready() { # url, seconds
  for _ in $(seq "$2"); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 1
  done
  echo "not ready: $1" >&2
  return 1
}

# The release an instance serves, from /ready's X-Data-Release header ("" when it does not answer).
release_of() { curl -s -m 2 -o /dev/null -D - "$1/ready" | tr -d '\r' | awk -F': *' 'tolower($1) == "x-data-release" { print $2 }'; }

now() { date +%s.%N; }

echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(uptime | sed 's/^ *//')"
echo "building the API and the import (Release) ..."
dotnet build -c Release src/OpenData.Api -o "$work/api" -nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet build -c Release src/OpenData.Import -o "$work/import" -nologo -v quiet >"$work/build-import.log" 2>&1 || { cat "$work/build-import.log"; exit 1; }
cp -r "$root/seed-data" "$work/seed-data"

psql "$admin" -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$database\" TEMPLATE template0 ENCODING 'UTF8'" >/dev/null
created=1

# The import with each line of its log timestamped, so the switch's moment is known to the millisecond: the line
# "serving release N from ..." is written right after the UPDATE that switches every instance.
import() { # log file
  ( cd "$work" && Store__Provider=Postgres Store__PostgresConnectionString="$cs" dotnet import/opendata-import.dll --seed-data "$work/seed-data" 2>&1 ) \
    | while IFS= read -r line; do printf '%s %s\n' "$(now)" "$line"; done >"$1"
  return "${PIPESTATUS[0]}"
}
# Bounded: an import that hangs (e.g. waiting for a lock) ends the run.
export work cs
bounded_import() { # seconds, log file
  timeout "$1" bash -c "$(declare -f import now); import \"\$0\"" "$2"
}

echo "importing release 1 into $database ..."
t0=$(now)
bounded_import 600 "$work/import-1.log" || { cat "$work/import-1.log"; exit 1; }
echo "release 1 imported in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s"

urls=()
for i in 1 2; do
  port=$(free_port)
  url="http://127.0.0.1:$port"
  (
    cd "$work/api"
    export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" \
      Store__Provider=Postgres Store__PostgresConnectionString="$cs" \
      RateLimit__Enabled=false Admission__MaxPerClient=1000 Logging__LogLevel__Default=Warning \
      ResponseCache__ReleaseCheckSeconds=2
    exec dotnet OpenData.Api.dll
  ) >"$work/api-$i.log" 2>&1 &
  pids+=($!)
  urls+=("$url")
done
for url in "${urls[@]}"; do wait_ready "$url/ready" 120; done
for url in "${urls[@]}"; do
  r=$(release_of "$url")
  [ "$r" = 1 ] || { echo "$url serves release '${r}', not 1" >&2; exit 1; }
done

# Rotates over a few realistic GETs; counts responses by class per thread and sums them in done() over every thread.
cat >"$work/load.lua" <<'LUA'
local paths = {
  "/api/v1/areas?type=borough",
  "/api/v1/crime-figures/series?area_code=E05009388&from=2023-01&to=2023-12",
  "/api/v1/targets?limit=20",
  "/api/v1/actions?q=ASB&limit=5",
}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  n, ok, c4xx, c5xx = 0, 0, 0, 0
end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
function response(status, headers, body)
  if status < 400 then ok = ok + 1 elseif status < 500 then c4xx = c4xx + 1 else c5xx = c5xx + 1 end
end
function done(summary, latency, requests)
  local s = { ok = 0, c4xx = 0, c5xx = 0 }
  for _, t in ipairs(threads) do
    s.ok = s.ok + t:get("ok"); s.c4xx = s.c4xx + t:get("c4xx"); s.c5xx = s.c5xx + t:get("c5xx")
  end
  local e = summary.errors
  io.write(string.format("counted requests=%d 2xx3xx=%d 4xx=%d 5xx=%d socket=%d p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, s.ok, s.c4xx, s.c5xx, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

# Each path answers 200 before the load (a typo would otherwise show up as 4xx only).
for path in "/api/v1/areas?type=borough" "/api/v1/crime-figures/series?area_code=E05009388&from=2023-01&to=2023-12" \
  "/api/v1/targets?limit=20" "/api/v1/actions?q=ASB&limit=5"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "${urls[0]}$path")
  [ "$status" = 200 ] || echo "warning: $path answers $status" >&2
done

echo "load: two wrk processes, -t1 -c$connections each (one per instance) for $seconds s, loopback, timeout 10 s; import at $((seconds / 3)) s"
# A request slower than 10 s counts as a socket error (timeout), i.e. as failed.
wrk_pids=()
t_load=$(now)
for i in 1 2; do
  wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s "$work/load.lua" "${urls[$((i - 1))]}" >"$work/wrk-$i.out" 2>&1 &
  wrk_pids+=($!)
  pids+=($!)
done

sleep $((seconds / 3))
# Changed seed data: one more area (a place in Kensington and Chelsea), valid against the package.
printf '%s\n' "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test," >>"$work/seed-data/areas.csv"

# Pollers: from the import's start, each instance's /ready every 0.1 s until it names release 2; bounded to the
# import's allowance (5 minutes) plus 30 s.
for i in 1 2; do
  (
    for _ in $(seq 3300); do
      if [ "$(release_of "${urls[$((i - 1))]}")" = 2 ]; then now >"$work/seen-$i"; exit 0; fi
      sleep 0.1
    done
  ) &
  pids+=($!)
  poller[$i]=$!
done

echo "importing release 2 (areas.csv + 1 line) under the load ..."
t_import=$(now)
import_status=0
bounded_import 300 "$work/import-2.log" || import_status=$?
t_done=$(now)
if [ "$import_status" != 0 ]; then cat "$work/import-2.log" >&2; echo "import of release 2 failed ($import_status)" >&2; exit 1; fi
t_switch=$(awk '/ serving release 2 from / { print $1; exit }' "$work/import-2.log")
[ -n "$t_switch" ] || { cat "$work/import-2.log" >&2; echo "the import did not switch to release 2" >&2; exit 1; }

for i in 1 2; do wait "${poller[$i]}" 2>/dev/null || true; done
for pid in "${wrk_pids[@]}"; do wait "$pid" || true; done

# Summary.
field() { sed -n "s/.*counted .*$2=\([0-9.]*\).*/\1/p" "$work/wrk-$1.out"; }
failed=0 total=0 non2xx=0 fivexx=0 socket=0 moved=()
echo
printf '%-10s %-24s %9s %8s %6s %6s %7s %7s %8s %19s\n' instance url requests "2xx/3xx" 4xx 5xx socket "p50 ms" "p99 ms" "s to release 2"
for i in 1 2; do
  requests=$(field "$i" requests)
  [ -n "$requests" ] || { cat "$work/wrk-$i.out" >&2; echo "wrk $i printed no counts" >&2; exit 1; }
  ok=$(field "$i" 2xx3xx) c4=$(field "$i" 4xx) c5=$(field "$i" 5xx) se=$(field "$i" socket)
  if [ -f "$work/seen-$i" ]; then
    # An instance may name release 2 a few ms before the log line is stamped: that counts as 0.
    moved[$i]=$(awk -v a="$t_switch" -v b="$(cat "$work/seen-$i")" 'BEGIN { d = b - a; printf "%.2f", d < 0 ? 0 : d }')
    if awk -v m="${moved[$i]}" 'BEGIN { exit !(m > 30) }'; then failed=1; fi
  else
    moved[$i]="never"; failed=1
  fi
  printf '%-10s %-24s %9s %8s %6s %6s %7s %7s %8s %19s\n' "$i" "${urls[$((i - 1))]}" "$requests" "$ok" "$c4" "$c5" "$se" \
    "$(field "$i" p50_ms)" "$(field "$i" p99_ms)" "${moved[$i]}"
  total=$((total + requests)) non2xx=$((non2xx + c4 + c5)) fivexx=$((fivexx + c5)) socket=$((socket + se))
done
if [ "$fivexx" != 0 ] || [ "$socket" != 0 ]; then failed=1; fi
echo
echo "requests served in all: $total in ${seconds} s ($(awk -v t="$total" -v s="$seconds" 'BEGIN { printf "%.0f", t / s }') req/s over both instances)"
echo "non-2xx: $non2xx (5xx: $fivexx); socket errors (connect, read, write, timeout): $socket [aim: no failed request]"
at() { awk -v a="$t_load" -v b="$1" 'BEGIN { printf "%.1f", b - a }'; }
echo "import of release 2: $(awk -v a="$t_import" -v b="$t_done" 'BEGIN { printf "%.1f", b - a }') s; the load ran from 0 to $seconds s, the import from $(at "$t_import") s to $(at "$t_done") s, the switch at $(at "$t_switch") s"
# The switch is only tested under load when it comes before the load ends; the import's time depends on the machine.
if awk -v s="$(at "$t_switch")" -v l="$seconds" 'BEGIN { exit !(s > l) }'; then
  echo "warning: the switch came after the load ended, so it was not under load: run again with more --seconds" >&2
fi
echo "release 2 served: instance 1 after ${moved[1]} s, instance 2 after ${moved[2]} s from the switch (polled every 0.1 s; ResponseCache__ReleaseCheckSeconds=2) [limit: 30 s]"
echo "import log (release 2; without the per-file 'checked' lines):"
sed 's/^[0-9.]* /  /' "$work/import-2.log" | grep -v '^  checked ' || true
echo "$(uptime | sed 's/^ *//')"
[ "$failed" = 0 ] || { echo "FAILED: a request failed or an instance did not serve release 2 within 30 s" >&2; exit 1; }
