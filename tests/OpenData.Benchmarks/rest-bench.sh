#!/usr/bin/env bash
# REST load benchmark: wrk against the API on loopback, built in Release over a store imported from seed-data/ into a
# temporary folder, rate limiter off and no per-client limit on heavy requests (wrk's 32 connections from one address
# stand for many clients; the admission gate's shared limits still apply, as shipped).
# Scenarios: a cached list, a filtered query, a ward series and a CSV export, and
# the yardstick: the cached list's bytes and headers answered from memory by a minimal endpoint, (a) in the API's own
# pipeline (/_benchmark/baseline, mapped only when Benchmark:BaselineFile is set) and (b) by a bare Kestrel process.
# The ratio cached list / in-process baseline is what the REST machinery (endpoint, response cache) costs on top of the
# middleware every request pays anyway; the ratio to bare Kestrel adds that middleware. Prints numbers, asserts none.
# London section (issue 10): a ward's series (a year, and the whole range), London's ward map for one category and
# twelve months, a borough ranking for a year, each uncached (Cache-Control: no-cache) and cached, beside the goals.
# Not part of the test command. Traffic to 127.0.0.1 only; every loop and run is bounded.
#
# Usage: tests/OpenData.Benchmarks/rest-bench.sh [--seconds N] [--threads N] [--connections N] [--rounds N] [--london-only]
#   --seconds      measured seconds per run (default 10; each run follows a 6 s warm-up that is not counted: under full
#                  load the runtime's background JIT needs that long to finish tiering a new path, and 2 s measured it
#                  half-compiled, about 40% slower)
#   --threads      wrk threads (default 2)
#   --connections  wrk connections (default 32; the CSV export uses at most 4, each export being ~14 MB)
#   --rounds       alternating runs of cached list / baselines for the ratio (default 3; medians are reported)
#   --london-only  the London section and one cached-list run as the yardstick; no ratio rounds, no older scenarios
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

seconds=10 threads=2 connections=32 rounds=3 warmup=6 london_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --london-only) london_only=1; shift ;;
    *) echo "usage: $0 [--seconds N] [--threads N] [--connections N] [--rounds N] [--london-only]" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/opendata-rest-bench-XXXXXX")
pids=() bare=
cleanup() {
  local status=$?
  if [ "$status" != 0 ] && [ -f "$work/api.log" ]; then echo "failed ($status); the API's log ends:" >&2; tail -20 "$work/api.log" >&2; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
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

echo "building the API (Release) and the store ..."
dotnet build -c Release src/OpenData.Api -o "$work/api" -nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet run -c Release --project src/OpenData.Import -- --seed-data "$root/seed-data" --database "$work/opendata.db" >"$work/import.log" 2>&1 \
  || { cat "$work/import.log"; exit 1; }

api_port=$(free_port)
api="http://127.0.0.1:$api_port"
(
  cd "$work/api"
  export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$api" \
    Store__Provider=Sqlite Store__SqlitePath="$work/opendata.db" SeedData__BuildOnStartup=false \
    RateLimit__Enabled=false Admission__MaxPerClient=1000 Logging__LogLevel__Default=Warning \
    Benchmark__BaselineFile="$work/baseline.body"
  exec dotnet OpenData.Api.dll
) >"$work/api.log" 2>&1 &
pids+=($!)
api_pid=$!  # the subshell execs dotnet, so this is the API's own process
wait_ready "$api/ready" 120

list="/api/v1/areas?type=ward&boundary_set=2014"
filtered="/api/v1/crime-figures?area_code=E05009388&period_start__gte=2024-01-01"
series="/api/v1/crime-figures/series?area_code=E05009388&from=2021-01&to=2022-12&police_uk=burglary"
export_csv="/api/v1/crime-figures?format=csv"

# The yardstick's bytes: the cached list response as a client gets it (the second request, answered from the cache
# when the cache is on), headers included, so both send the same bytes.
curl -s -o /dev/null "$api$list"
curl -s -D "$work/baseline.body.headers" -o "$work/baseline.body" "$api$list"
tr -d '\r' <"$work/baseline.body.headers" | sed '/^$/d' >"$work/h" && mv "$work/h" "$work/baseline.body.headers"

if [ "$london_only" = 0 ]; then
# The bare-Kestrel yardstick: a file-based app (no project in the repository), same bytes and headers.
mkdir -p "$work/bare"
cat >"$work/bare/Baseline.cs" <<'CS'
#:sdk Microsoft.NET.Sdk.Web
#:property PublishAot=false
// args: <body file> [--urls URL]; answers every GET / with the file's bytes and the headers saved next to it.
var body = File.ReadAllBytes(args[0]);
var skip = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Date", "Server", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive" };
var headers = File.ReadAllLines(args[0] + ".headers").Skip(1)
    .Select(l => l.Split(':', 2, StringSplitOptions.TrimEntries))
    .Where(p => p.Length == 2 && p[0].Length > 0 && !skip.Contains(p[0])).ToArray();
var builder = WebApplication.CreateSlimBuilder(args[1..]);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/", (HttpContext http) =>
{
    foreach (var p in headers) http.Response.Headers[p[0]] = p[1];
    http.Response.ContentLength = body.Length;
    return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
});
app.Run();
CS
bare_dll=$( (cd "$work/bare" && dotnet build -c Release Baseline.cs -nologo 2>&1) | sed -n 's/.* -> \(.*\.dll\)$/\1/p' | tail -1)
[ -n "$bare_dll" ] || { echo "could not build the bare baseline" >&2; exit 1; }
bare_port=$(free_port)
bare="http://127.0.0.1:$bare_port"
dotnet "$bare_dll" "$work/baseline.body" --urls "$bare" >"$work/bare.log" 2>&1 &
pids+=($!)
wait_ready "$bare/" 60
fi

# The API process's CPU time so far (user + system, in clock ticks), from /proc.
api_cpu() { awk '{ print $14 + $15 }' "/proc/$api_pid/stat" 2>/dev/null || echo 0; }

# One wrk run: prints "req/s p50_ms p99_ms errors MB/s cpu_ms_per_request". Latencies normalised to ms; errors =
# non-2xx/3xx + socket errors; CPU per request = the API process's CPU time during the run / requests ("-" for a URL
# that is not the API's).
run_wrk() { # url connections [header]
  local url=$1 conns=$2 header=${3:-}
  local args=(-t"$threads" -c"$conns" --latency --timeout 30s)
  [ -n "$header" ] && args+=(-H "$header")
  wrk "${args[@]}" -d"${warmup}s" "$url" >/dev/null
  local c0; c0=$(api_cpu)
  wrk "${args[@]}" -d"${seconds}s" "$url" >"$work/wrk.out"
  local c1; c1=$(api_cpu)
  local own=0; case "$url" in "$api"/*) own=1 ;; esac
  awk -v cpu=$((c1 - c0)) -v tick="$(getconf CLK_TCK)" -v own=$own '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    function mb(v) { if (v ~ /GB$/) return v * 1024; if (v ~ /MB$/) return v + 0; if (v ~ /KB$/) return v / 1024; if (v ~ /B$/) return v / 1048576; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 } /^Transfer\/sec:/ { mbs = mb($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    / requests in / { requests = $1 }
    END { printf "%.0f %.2f %.2f %d %.1f %s\n", rps, p50, p99, errors, mbs, (own && requests > 0) ? sprintf("%.2f", cpu / tick * 1000 / requests) : "-" }' "$work/wrk.out"
}

size_of() { # url [header] -> "body_bytes header_bytes status"
  curl -s -o /dev/null -w '%{size_download} %{size_header} %{http_code}' ${2:+-H "$2"} "$1"
}

table=()
row() { # name url connections [header]
  local r; r=$(run_wrk "$2" "$3" "${4:-}")
  table+=("$1|$3|$r|$(size_of "$2" "${4:-}")")
  echo "  $1: $r" >&2
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; .NET $(dotnet --version); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "load: wrk -t$threads -c$connections, ${seconds} s per run after a ${warmup} s warm-up, loopback, rate limiter off, no Accept-Encoding"
echo

nc="Cache-Control: no-cache"
# JIT warm-up of both servers (tiered compilation settles in a few seconds), not counted.
for url in "$api$list" "$api/_benchmark/baseline" ${bare:+"$bare/"}; do
  wrk -t"$threads" -c"$connections" -d5s "$url" >/dev/null
done
ratio_inproc=() ratio_bare=()
if [ "$london_only" = 1 ]; then
  row "cached list (yardstick)" "$api$list" "$connections"
else
  # The ratio from adjacent runs, round by round, so a change in the machine's other load skews one round, not all.
  cached=() inproc=() barek=() ratio_inproc=() ratio_bare=()
  for i in $(seq "$rounds"); do
    echo "ratio round $i/$rounds" >&2
    c=$(run_wrk "$api$list" "$connections"); cached+=("$c"); echo "  cached list: $c" >&2
    p=$(run_wrk "$api/_benchmark/baseline" "$connections"); inproc+=("$p"); echo "  in-process baseline: $p" >&2
    b=$(run_wrk "$bare/" "$connections"); barek+=("$b"); echo "  bare Kestrel baseline: $b" >&2
    ratio_inproc+=("$(awk -v c="${c%% *}" -v p="${p%% *}" 'BEGIN { printf "%.3f", c / p }')")
    ratio_bare+=("$(awk -v c="${c%% *}" -v b="${b%% *}" 'BEGIN { printf "%.3f", c / b }')")
  done
  med() { printf '%s\n' "$@" | awk -v f="$col" '{ print $f }' | median; }
  summary() { # name url values...
    local name=$1 url=$2; shift 2
    local rps p50 p99 err mbs
    rps=$(col=1 med "$@"); p50=$(col=2 med "$@"); p99=$(col=3 med "$@"); err=$(col=4 med "$@"); mbs=$(col=5 med "$@")
    table+=("$name|$connections|$rps $p50 $p99 $err $mbs|$(size_of "$url")")
  }
  summary "cached list (median of $rounds)" "$api$list" "${cached[@]}"
  summary "baseline, in-process (median of $rounds)" "$api/_benchmark/baseline" "${inproc[@]}"
  summary "baseline, bare Kestrel (median of $rounds)" "$bare/" "${barek[@]}"

  echo "scenarios" >&2
  row "list, not cached (no-cache)" "$api$list" "$connections" "$nc"
  row "filtered query, cached" "$api$filtered" "$connections"
  row "filtered query, not cached" "$api$filtered" "$connections" "$nc"
  row "ward series, not cached" "$api$series" "$connections" "$nc"
  export_conns=$(( connections < 4 ? connections : 4 ))
  row "CSV export, crime_figures" "$api$export_csv" "$export_conns"
fi

# London (issue 10): goals beside each line. The ward is Heathrow Villages (Hillingdon, 2022 ward set); the series
# without from/to is the ward's whole range. Each scenario uncached, then cached (second request on from the cache).
ward_series="/api/v1/crime-figures/series?area_code=E05013570&police_uk=burglary&from=2023-01&to=2023-12"
ward_series_all="/api/v1/crime-figures/series?area_code=E05013570&police_uk=burglary"
london_map="/api/v1/crime-figures/map?boundary_set=2022&from=2023-01&to=2023-12&police_uk=burglary"
ranking="/api/v1/crime-figures/aggregates?group_by=borough,period&period=year&from=2023-01&to=2023-12&sort=-rate_per_1000"
for url in "$ward_series" "$ward_series_all" "$london_map" "$ranking"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "$nc" "$api$url")
  [ "$status" = 200 ] || echo "warning: $url answers $status" >&2
done
echo "london" >&2
row "london: ward series 2023, not cached" "$api$ward_series" "$connections" "$nc"
row "london: ward series all months, not cached" "$api$ward_series_all" "$connections" "$nc"
row "london: ward map 2023 burglary, not cached" "$api$london_map" "$connections" "$nc"
row "london: borough ranking 2023, not cached" "$api$ranking" "$connections" "$nc"
row "london: ward series 2023, cached" "$api$ward_series" "$connections"
row "london: ward series all months, cached" "$api$ward_series_all" "$connections"
row "london: ward map 2023 burglary, cached" "$api$london_map" "$connections"
row "london: borough ranking 2023, cached" "$api$ranking" "$connections"

printf '%-44s %5s %10s %9s %9s %7s %9s %11s %8s %6s %8s\n' scenario conns "req/s" "p50 ms" "p99 ms" errors "MB/s" "body B" "hdr B" status "CPU ms"
for line in "${table[@]}"; do
  IFS='|' read -r name conns result size <<<"$line"
  read -r rps p50 p99 err mbs cpu <<<"$result"
  read -r body hdr status <<<"$size"
  printf '%-44s %5s %10s %9s %9s %7s %9s %11s %8s %6s %8s\n' "$name" "$conns" "$rps" "$p50" "$p99" "$err" "$mbs" "$body" "$hdr" "$status" "${cpu:--}"
done
echo "CPU ms: the API process's CPU time (user + system) during the run per request; on 2 cores, 2,000 / CPU ms bounds req/s"
echo
echo "goals (issue 10): ward series not cached at least 2,000 req/s and p99 at most 30 ms; map p99 at most 150 ms;"
echo "  ranking p99 at most 50 ms; cached answers as fast as the cached list"
[ "$london_only" = 1 ] || {
printf 'ratio cached list / in-process baseline: %.2f (median of rounds: %s; aim: at least 0.70)\n' \
  "$(printf '%s\n' "${ratio_inproc[@]}" | median)" "${ratio_inproc[*]}"
printf 'ratio cached list / bare Kestrel baseline: %.2f (median of rounds: %s)\n' \
  "$(printf '%s\n' "${ratio_bare[@]}" | median)" "${ratio_bare[*]}"
}
echo "paths: cached list $list; filtered $filtered; series $series; export $export_csv"
echo "london paths: series $ward_series; series, all months $ward_series_all; map $london_map; ranking $ranking"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
