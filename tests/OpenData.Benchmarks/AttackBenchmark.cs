using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenData.Benchmarks;

/// <summary>
/// The attacks of issue 9 ("public means hostile"), each against a freshly started API process (Release build,
/// Production mode, 127.0.0.1 only), measured rather than assumed: the server's peak resident memory, the status
/// counts of the attack's requests, the latency of a cheap GET sent meanwhile by a second client from other loopback
/// addresses, whether <c>/ready</c> answers within 5 s of the attack ending, and a verdict against the goals.
/// Every loop is bounded in count and time; a server passing 3 GiB is killed. Traffic goes to 127.0.0.x only.
/// </summary>
internal static partial class AttackBenchmark
{
    /// <param name="NoRateLimitPass">Skip the second pass (every attack again with the rate limiter off).</param>
    /// <param name="RateLimiterOffOnly">Run only that second pass.</param>
    public sealed record Settings(string ApiDll, string Database, int Seconds, IReadOnlyList<string>? Only, bool NoRateLimitPass, bool RateLimiterOffOnly, int Port);

    // The goals (issue 9, "Measured, not assumed").
    private const long GoalPeakRss = 1L << 30;
    private const double GoalP99Milliseconds = 250;
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(5);

    /// <summary>The safety cut: beyond this the server is killed, so the run cannot take the machine down.</summary>
    private const long KillRss = 3L << 30;

    /// <summary>How long after its own end an attack's requests may still run before they are cut.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    /// <summary>The cheap data GET the observer sends (one small row, cached after its first request).</summary>
    private const string CheapGet = "/api/v1/sources/rbkc-ccsp-2008";

    /// <param name="TimeFactor">Times --seconds this attack may last (the document cache needs its 1,100 documents
    /// parsed and validated, ~1.5 MB each, which takes longer than the other attacks on a busy machine).</param>
    private sealed record Attack(string Id, string Name, Func<AttackRun, Task> RunAsync, bool RateLimiterOnly = false, Func<Tally, string?>? ExtraCheck = null,
        double TimeFactor = 1);

    private static readonly Attack[] Attacks =
    [
        new("0", "idle (control: the observer alone, no attack)", run => Task.Delay(TimeSpan.FromSeconds(5)), RateLimiterOnly: true),
        new("1a", "introspection fragment bomb (k=8, 2 __schema roots), 3 concurrent",
            run => run.LoopAsync(workers: 3, maxRequests: 30, _ => GraphQLPost(run, FragmentBomb(roots: 2)), TimeSpan.FromSeconds(20))),
        new("1b", "introspection fragment bomb (k=8, 4 __schema roots), 3 concurrent",
            run => run.LoopAsync(workers: 3, maxRequests: 30, _ => GraphQLPost(run, FragmentBomb(roots: 4)), TimeSpan.FromSeconds(20))),
        new("2", "GraphQL document cache: 1,100 unique valid ~49 KB documents, 4 concurrent",
            run => run.LoopAsync(workers: 4, maxRequests: 1_100, n => GraphQLPost(run, CacheFillerDocument(n)), TimeSpan.FromSeconds(20)), TimeFactor: 2),
        new("3", "REST response cache: unique ~25 KB Accept values on a cached GET, 8 concurrent (at most 20,000)",
            run => run.LoopAsync(workers: 8, maxRequests: 20_000, n => LongAcceptGet(run, n), TimeSpan.FromSeconds(20))),
        new("4", "no-cache aggregates (area,category,period by month), 40 rising to 200 clients that give up after 3 s",
            run => run.LoopAsync(workers: 200, maxRequests: 2_000, _ => AggregatesNoCache(run), TimeSpan.FromSeconds(3), giveUpIsIntended: true,
                startAfter: worker => worker < 40 ? TimeSpan.Zero : run.Duration / 2 * (worker - 40) / 160)),
        new("5", "GraphQL 50 aliased crimeSeries (within every limit), 4 concurrent",
            run => run.LoopAsync(workers: 4, maxRequests: 40, _ => GraphQLPost(run, FiftyCrimeSeries()), TimeSpan.FromSeconds(20))),
        new("6a", "GraphQL `or` with 1,000 terms, 2 concurrent",
            run => run.LoopAsync(workers: 2, maxRequests: 2_000, _ => GraphQLPost(run, ThousandOrTerms()), TimeSpan.FromSeconds(20))),
        new("6b", "REST `area_code__in` with 1,000 values, 2 concurrent",
            run => run.LoopAsync(workers: 2, maxRequests: 2_000, _ => new HttpRequestMessage(HttpMethod.Get, run.Url(ThousandInValues())), TimeSpan.FromSeconds(20))),
        new("7", "rate limiter evasion: 1,000 GETs from 127.0.0.1, each with a new X-Forwarded-For, 8 concurrent",
            run => run.LoopAsync(workers: 8, maxRequests: 1_000, n =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, run.Url(CheapGet));
                // Only a header value: no traffic ever goes to these (shared address space, RFC 6598) addresses.
                request.Headers.TryAddWithoutValidation("X-Forwarded-For", $"100.64.{n / 256 % 256}.{n % 256}");
                return request;
            }, TimeSpan.FromSeconds(20)),
            RateLimiterOnly: true,
            // With 120 requests a burst, a client that cannot escape its bucket meets 429 for most of 1,000.
            ExtraCheck: tally => tally.CountStatus("429") >= tally.Total * 8 / 10 ? null : $"only {tally.CountStatus("429")} of {tally.Total} answered 429 (goal: at least 80%)"),
    ];

    public static async Task<int> RunAsync(Settings settings)
    {
        if (!File.Exists(settings.ApiDll)) throw new InvalidOperationException($"{settings.ApiDll} is missing (attack-bench.sh builds it).");
        if (!File.Exists(settings.Database)) throw new InvalidOperationException($"{settings.Database} is missing (attack-bench.sh imports it).");
        var chosen = Attacks.Where(a => settings.Only is null || settings.Only.Any(id => a.Id.StartsWith(id, StringComparison.OrdinalIgnoreCase))).ToArray();

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} at start, .NET {Environment.Version}");
        Console.WriteLine($"goals: no 5xx (a 503 with Retry-After is admission control, not a failure), no dropped connection or timeout, " +
            $"peak RSS under {GoalPeakRss >> 30} GiB, cheap GET ({CheapGet}) p99 under {GoalP99Milliseconds} ms, /ready 200 within {ReadyWithin.TotalSeconds} s after");
        Console.WriteLine($"each attack: a fresh server, {settings.Seconds} s of attack (attack 2: twice that; requests still running {Grace.TotalSeconds} s later are cut), " +
            $"the observer at 10 GET/s + 5 /health/s from 127.0.0.2-9; server killed past {KillRss >> 30} GiB");
        Console.WriteLine();

        var results = new List<Result>();
        var passes = settings.RateLimiterOffOnly ? new[] { false } : settings.NoRateLimitPass ? [true] : [true, false];
        foreach (var rateLimited in passes)
        {
            foreach (var attack in chosen.Where(a => rateLimited || !a.RateLimiterOnly))
            {
                var result = await RunOneAsync(settings, attack, rateLimited);
                results.Add(result);
                Print(result);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"summary (load average at end {LoadAverage()}):");
        Console.WriteLine();
        Console.WriteLine("| attack | rate limiter | requests: statuses | peak RSS | GET p99 ms | /health p99 ms | ready after | verdict |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | --- | --- |");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Attack.Id} | {(r.RateLimited ? "on" : "off")} | {r.Tally.Total:N0}: {r.Tally.Summary()} | {Size(r.PeakRss)} | " +
                $"{r.Observed.Data.P99:N0} | {r.Observed.Health.P99:N0} | {r.ReadyText} | {r.Verdict} |");
        }
        Console.WriteLine();
        var passed = results.Count(r => r.Verdict == "pass");
        Console.WriteLine($"{passed} of {results.Count} runs meet every goal.");
        if (results.FirstOrDefault(r => r.Attack.Id == "0") is { } control && control.Observed.Data.P99 >= GoalP99Milliseconds)
        {
            Console.WriteLine($"warning: the idle control's GET p99 is {control.Observed.Data.P99:N0} ms with no attack at all: this machine is too busy for the latency goal to mean anything.");
        }
        return passed == results.Count ? 0 : 1;
    }

    // ----- one run -----

    private sealed record Result(Attack Attack, bool RateLimited, Tally Tally, TimeSpan Elapsed, long RssBefore, long PeakRss, string? Killed,
        double CpuAfter, Observation Observed, string ReadyText, bool Ready, int ErrorsLogged, string[] LastLog, bool Died, string Verdict,
        string[]? FirstErrors = null);

    private static async Task<Result> RunOneAsync(Settings settings, Attack attack, bool rateLimited)
    {
        var port = settings.Port != 0 ? settings.Port : FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var server = Server.Start(settings.ApiDll, settings.Database, port, rateLimited);
        var tally = new Tally();
        if (!await server.WaitReadyAsync(baseUrl, TimeSpan.FromSeconds(120)))
        {
            return new Result(attack, rateLimited, tally, TimeSpan.Zero, 0, server.PeakRss, null, 0, Observation.Empty, "did not start", false,
                server.ErrorsLogged, server.LastLines(), server.Gone, "FAILED (server did not start)");
        }

        using var observer = new Observer(baseUrl);
        await observer.WarmUpAsync();
        var rssBefore = server.CurrentRss();

        using var stopObserving = new CancellationTokenSource();
        var observing = observer.RunAsync(stopObserving.Token);
        var duration = TimeSpan.FromSeconds(settings.Seconds * attack.TimeFactor);
        using var run = new AttackRun(baseUrl, duration, tally, server);
        var clock = Stopwatch.StartNew();
        try
        {
            await attack.RunAsync(run);
        }
        catch (Exception exception)
        {
            tally.Add("client exception " + exception.GetType().Name);
        }
        var elapsed = clock.Elapsed;
        stopObserving.Cancel();
        var attackEnded = Stopwatch.StartNew();
        var cpuAtEnd = server.CpuSeconds();

        // Healthy after: /ready answers 200 within 5 s of the attack ending.
        var ready = false;
        var readyText = "no";
        while (!ready && attackEnded.Elapsed < ReadyWithin && !server.Gone)
        {
            var left = ReadyWithin - attackEnded.Elapsed;
            if (left <= TimeSpan.Zero) break;
            try
            {
                using var client = new HttpClient { Timeout = left };
                using var response = await client.GetAsync(baseUrl + "/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    ready = true;
                    readyText = $"{attackEnded.Elapsed.TotalSeconds:0.00} s";
                }
                else
                {
                    readyText = $"{(int)response.StatusCode}";
                    await Task.Delay(100);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                readyText = exception is TaskCanceledException ? "no answer in 5 s" : "refused";
                await Task.Delay(100);
            }
        }
        // CPU the server spends in the 5 s after the attack: work that goes on after its clients have left.
        var rest = ReadyWithin - attackEnded.Elapsed;
        if (rest > TimeSpan.Zero && !server.Gone) await Task.Delay(rest);
        var cpuAfter = server.Gone ? double.NaN : server.CpuSeconds() - cpuAtEnd;
        var observed = await observing;
        var died = server.Gone;
        server.Stop();

        var failures = new List<string>();
        if (server.KilledAt is long killedAt) failures.Add($"killed at {Size(killedAt)}");
        else if (died) failures.Add($"server died (exit {server.ExitCode})");
        var serverErrors = tally.ServerErrors();
        if (serverErrors > 0) failures.Add($"{serverErrors} server errors");
        var lost = tally.Count("dropped") + tally.Count("timeout");
        if (lost > 0) failures.Add($"{lost} dropped/timed out");
        if (server.PeakRss >= GoalPeakRss) failures.Add($"peak RSS {Size(server.PeakRss)}");
        if (observed.Data.P99 >= GoalP99Milliseconds) failures.Add($"GET p99 {observed.Data.P99:N0} ms");
        if (observed.Data.Failed + observed.Health.Failed > 0) failures.Add($"{observed.Data.Failed + observed.Health.Failed} observer requests failed");
        if (!ready) failures.Add("not ready after");
        if (attack.ExtraCheck?.Invoke(tally) is string extra) failures.Add(extra);
        var verdict = failures.Count == 0 ? "pass"
            : server.KilledAt is long k ? $"FAILED (killed at {Size(k)}): " + string.Join("; ", failures.Skip(1))
            : "FAIL: " + string.Join("; ", failures);

        return new Result(attack, rateLimited, tally, elapsed, rssBefore, server.PeakRss, server.KilledAt is null ? null : "killed",
            cpuAfter, observed, readyText, ready, server.ErrorsLogged, server.LastLines(), died, verdict, server.FirstErrors());
    }

    private static void Print(Result r)
    {
        Console.WriteLine($"[{r.Attack.Id}] {r.Attack.Name} (rate limiter {(r.RateLimited ? "on" : "off")})");
        Console.WriteLine($"  attack: {r.Tally.Total:N0} requests in {r.Elapsed.TotalSeconds:0.0} s: {r.Tally.Summary()}; largest body {Size(r.Tally.LargestBody)}");
        Console.WriteLine($"  server: RSS {Size(r.RssBefore)} before, peak {Size(r.PeakRss)}{(r.Killed is null ? "" : " (killed)")}; " +
            $"CPU {(double.IsNaN(r.CpuAfter) ? "n/a" : r.CpuAfter.ToString("0.0", CultureInfo.InvariantCulture))} s in the 5 s after the attack; {r.ErrorsLogged} errors logged");
        Console.WriteLine($"  observer: GET {CheapGet} {r.Observed.Data}; /health {r.Observed.Health}");
        Console.WriteLine($"  after: /ready {(r.Ready ? "200 in " : "") + r.ReadyText}");
        if (r.Died || !r.Ready)
        {
            foreach (var line in r.LastLog) Console.WriteLine($"  server log: {line}");
        }
        foreach (var line in r.FirstErrors ?? []) Console.WriteLine($"  server error: {line}");
        Console.WriteLine($"  verdict: {r.Verdict}");
        Console.WriteLine();
    }

    // ----- the attacks' requests -----

    private static HttpRequestMessage GraphQLPost(AttackRun run, string query)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { query }));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, run.Url("/graphql")) { Content = content };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        return request;
    }

    /// <summary>The issue's Python reproducer: k aliases per level, fragments two levels deep, 1 KB of text.</summary>
    private static string FragmentBomb(int roots, int k = 8)
    {
        var fragments = new List<string> { "fragment T0 on __Type { name kind }" };
        for (var level = 1; level <= 2; level++)
        {
            fragments.Add($"fragment F{level} on __Field {{ " + string.Join(" ", Enumerable.Range(0, k).Select(i => $"t{level}_{i}: type {{ ...T{level - 1} }}")) + " }");
            fragments.Add($"fragment T{level} on __Type {{ name " + string.Join(" ", Enumerable.Range(0, k).Select(i => $"f{level}_{i}: fields {{ name ...F{level} }}")) + " }");
        }
        var selections = string.Join(" ", Enumerable.Range(0, roots).Select(i => $"s{i}: __schema {{ types {{ ...T2 }} }}"));
        return $"{{ {selections} }} " + string.Join(" ", fragments);
    }

    /// <summary>
    /// A valid document just under the 50,000-character limit, unique by its comment: one field that is never
    /// executed (<c>@skip(if: true)</c>) with a list literal of ~12,000 values (within the 20,000 tokens), all
    /// parsed, validated and kept with the cached document.
    /// </summary>
    private static string CacheFillerDocument(int n)
    {
        const int Length = 49_000;
        var head = $"# document {n}\n{{ __typename skipped: crimeFigures(first: 0, where: {{ key: {{ in: [";
        const string Tail = "] } }) @skip(if: true) { totalCount } }";
        var text = new StringBuilder(head, Length + 8);
        while (text.Length + Tail.Length + 4 <= Length) text.Append("\"a\" ");
        return text.Append(Tail).ToString();
    }

    /// <summary>A cacheable JSON GET with a unique Accept of about 25 KB (under Kestrel's 32 KB of headers).</summary>
    private static HttpRequestMessage LongAcceptGet(AttackRun run, int n)
    {
        var accept = new StringBuilder("application/json", 26_000);
        var random = new Random(n);
        while (accept.Length < 25_000) accept.Append(", application/x-").Append(random.Next().ToString("x8", CultureInfo.InvariantCulture)).Append(";q=0.1");
        var request = new HttpRequestMessage(HttpMethod.Get, run.Url(CheapGet));
        request.Headers.TryAddWithoutValidation("Accept", accept.ToString());
        return request;
    }

    private static HttpRequestMessage AggregatesNoCache(AttackRun run)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, run.Url("/api/v1/crime-figures/aggregates?group_by=area,category,period&period=month"));
        request.Headers.TryAddWithoutValidation("Cache-Control", "no-cache");
        return request;
    }

    private static readonly string[] PoliceUkCategories =
    [
        "all-crime", "anti-social-behaviour", "bicycle-theft", "burglary", "criminal-damage-arson", "drugs", "other-theft",
        "possession-of-weapons", "public-order", "robbery", "shoplifting", "theft-from-the-person", "vehicle-crime", "violent-crime", "other-crime",
    ];

    /// <summary>50 aliases (the alias limit), each the borough's whole monthly series for one police.uk category.</summary>
    private static string FiftyCrimeSeries() =>
        "{ " + string.Join(" ", Enumerable.Range(0, 50).Select(i =>
            $"s{i}: crimeSeries(areaCode: \"E09000020\", policeUk: \"{PoliceUkCategories[i % PoliceUkCategories.Length]}\") {{ areaCode from to months {{ month value figures basis nullReason }} gaps }}")) + " }";

    private static string ThousandOrTerms() =>
        "{ crimeFigures(first: 10, where: { or: [" + string.Join(" ", Enumerable.Range(0, 1_000).Select(i => $"{{ areaCode: {{ eq: \"E05{i:D6}\" }} }}")) +
        "] }) { totalCount nodes { key } } }";

    private static string ThousandInValues() =>
        "/api/v1/crime-figures?area_code__in=" + string.Join(",", Enumerable.Range(0, 1_000).Select(i => $"E05{i:D6}"));

    // ----- the attacker -----

    /// <summary>One attack's clients: a pool bound to 127.0.0.1, the time it may take, and what its requests got.</summary>
    private sealed class AttackRun(string baseUrl, TimeSpan duration, Tally tally, Server server) : IDisposable
    {
        private readonly HttpClient _client = new(BoundTo(IPAddress.Loopback), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        private readonly CancellationTokenSource _cut = new(duration + Grace);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _next = -1;

        public TimeSpan Duration => duration;

        public string Url(string pathAndQuery) => baseUrl + pathAndQuery;

        private bool Over => _clock.Elapsed >= duration || _cut.IsCancellationRequested || server.Gone;

        /// <summary>
        /// <paramref name="workers"/> closed loops that send request 0, 1, 2 ... until <paramref name="maxRequests"/>
        /// are sent, the attack's time is up or the server is gone. Each request waits at most <paramref name="timeout"/>.
        /// </summary>
        public Task LoopAsync(int workers, int maxRequests, Func<int, HttpRequestMessage> request, TimeSpan timeout,
            bool giveUpIsIntended = false, Func<int, TimeSpan>? startAfter = null) =>
            Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
            {
                var delay = startAfter?.Invoke(worker) ?? TimeSpan.Zero;
                if (delay > TimeSpan.Zero) await Task.Delay(delay);
                while (!Over)
                {
                    var n = Interlocked.Increment(ref _next);
                    if (n >= maxRequests) return;
                    using var message = request(n);
                    await SendAsync(message, timeout, giveUpIsIntended);
                }
            })));

        private async Task SendAsync(HttpRequestMessage request, TimeSpan timeout, bool giveUpIsIntended)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(_cut.Token);
            wait.CancelAfter(timeout);
            try
            {
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, wait.Token);
                await using var body = await response.Content.ReadAsStreamAsync(wait.Token);
                // Read everything (a client that stops reading is another attack), keep the start for the error code.
                var buffer = new byte[64 * 1024];
                var head = new MemoryStream();
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, wait.Token)) > 0)
                {
                    if (head.Length < 8192) head.Write(buffer, 0, (int)Math.Min(read, 8192 - head.Length));
                    total += read;
                }
                tally.Add(Label(response, head.ToArray()), total);
            }
            catch (OperationCanceledException)
            {
                tally.Add(server.Gone ? "dropped" : giveUpIsIntended && !_cut.IsCancellationRequested ? "gave up" : "timeout");
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException)
            {
                tally.Add("dropped");
            }
        }

        public void Dispose()
        {
            _client.Dispose();
            _cut.Dispose();
        }
    }

    /// <summary>
    /// What an answer was: its status, a 503's Retry-After (admission control), and the error code of a GraphQL
    /// error or the kind of a problem (<c>.../problems/kind</c>).
    /// </summary>
    private static string Label(HttpResponseMessage response, byte[] head)
    {
        var status = (int)response.StatusCode;
        var label = status.ToString(CultureInfo.InvariantCulture);
        if (status == 503 && response.Headers.RetryAfter is not null) label += " Retry-After";
        var text = Encoding.UTF8.GetString(head);
        if (text.StartsWith("{\"errors\"", StringComparison.Ordinal) && CodePattern().Match(text) is { Success: true } code)
        {
            label += " " + code.Groups[1].Value;
        }
        else if (status >= 400 && ProblemPattern().Match(text) is { Success: true } problem)
        {
            label += " " + problem.Groups[1].Value;
        }
        return label;
    }

    /// <summary>The attack's answers by label, and the largest body received.</summary>
    private sealed class Tally
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();
        private long _largest;

        public void Add(string label, long bodyBytes = 0)
        {
            _counts.AddOrUpdate(label, 1, (_, n) => n + 1);
            long seen;
            while (bodyBytes > (seen = Interlocked.Read(ref _largest)) && Interlocked.CompareExchange(ref _largest, bodyBytes, seen) != seen)
            {
            }
        }

        public int Count(string label) => _counts.GetValueOrDefault(label);

        /// <summary>Answers with this status, whatever follows it in the label (e.g. "429 rate-limited").</summary>
        public int CountStatus(string status) => _counts.Where(p => p.Key == status || p.Key.StartsWith(status + " ", StringComparison.Ordinal)).Sum(p => p.Value);

        public int Total => _counts.Values.Sum();

        public long LargestBody => Interlocked.Read(ref _largest);

        /// <summary>5xx other than a 503 with Retry-After, and GraphQL's internal errors (which come with 200).</summary>
        public int ServerErrors() => _counts
            .Where(p => (p.Key.StartsWith('5') && !p.Key.StartsWith("503 Retry-After", StringComparison.Ordinal)) || p.Key.Contains("INTERNAL", StringComparison.Ordinal))
            .Sum(p => p.Value);

        public string Summary() => _counts.IsEmpty ? "none"
            : string.Join(", ", _counts.OrderByDescending(p => p.Value).Select(p => $"{p.Key} x{p.Value:N0}"));
    }

    // ----- the observer -----

    private sealed record Latencies(int Count, double P50, double P99, int Failed, string Labels)
    {
        public override string ToString() => Count == 0 ? "no requests"
            : $"p50 {P50:N1} ms, p99 {P99:N0} ms (n={Count}{(Failed > 0 ? $", {Failed} failed: {Labels}" : "")})";
    }

    private sealed record Observation(Latencies Data, Latencies Health)
    {
        public static readonly Observation Empty = new(new Latencies(0, 0, 0, 0, ""), new Latencies(0, 0, 0, 0, ""));
    }

    /// <summary>
    /// The second client: a cheap data GET every 100 ms and /health every 200 ms, from 127.0.0.2 to 127.0.0.9 in
    /// turn, so the per-address rate limiter neither partitions it with the attacker nor runs out for it (eight
    /// buckets of 120). Open loop: a request is sent on time whether or not the previous one has answered, so a
    /// stalled server shows as latency (up to a 10 s timeout), not as fewer samples.
    /// </summary>
    private sealed class Observer(string baseUrl) : IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
        private readonly HttpClient[] _clients = Enumerable.Range(2, 8)
            .Select(i => new HttpClient(BoundTo(new IPAddress([127, 0, 0, (byte)i])), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan })
            .ToArray();

        public async Task WarmUpAsync()
        {
            foreach (var client in _clients)
            {
                await MeasureAsync(client, CheapGet, new ConcurrentBag<(double, string?)>());
                await MeasureAsync(client, "/health", new ConcurrentBag<(double, string?)>());
            }
        }

        public async Task<Observation> RunAsync(CancellationToken stop)
        {
            var data = new ConcurrentBag<(double Ms, string? Failure)>();
            var health = new ConcurrentBag<(double Ms, string? Failure)>();
            var pending = new List<Task>();
            for (var tick = 0; !stop.IsCancellationRequested && tick < 10 * 120; tick++)
            {
                var client = _clients[tick % _clients.Length];
                pending.Add(MeasureAsync(client, CheapGet, data));
                if (tick % 2 == 0) pending.Add(MeasureAsync(client, "/health", health));
                try
                {
                    await Task.Delay(100, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            await Task.WhenAll(pending);
            return new Observation(Summarise(data), Summarise(health));
        }

        private static Latencies Summarise(ConcurrentBag<(double Ms, string? Failure)> samples)
        {
            var sorted = samples.Select(s => s.Ms).Order().ToArray();
            var failures = samples.Where(s => s.Failure is not null).GroupBy(s => s.Failure).Select(g => $"{g.Key} x{g.Count()}");
            return new Latencies(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), samples.Count(s => s.Failure is not null), string.Join(", ", failures));
        }

        private async Task MeasureAsync(HttpClient client, string path, ConcurrentBag<(double, string?)> samples)
        {
            var start = Stopwatch.GetTimestamp();
            string? failure = null;
            try
            {
                using var wait = new CancellationTokenSource(Timeout);
                using var response = await client.GetAsync(baseUrl + path, wait.Token);
                await response.Content.LoadIntoBufferAsync(wait.Token);
                if (!response.IsSuccessStatusCode) failure = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException)
            {
                failure = "timeout";
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException)
            {
                failure = "dropped";
            }
            samples.Add((Stopwatch.GetElapsedTime(start).TotalMilliseconds, failure));
        }

        public void Dispose()
        {
            foreach (var client in _clients) client.Dispose();
        }
    }

    /// <summary>
    /// A handler whose connections leave from <paramref name="local"/> and go to 127.0.0.x only: the run can never
    /// send traffic anywhere else, whatever URL a mistake builds.
    /// </summary>
    private static SocketsHttpHandler BoundTo(IPAddress local) => new()
    {
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectCallback = async (context, cancellationToken) =>
        {
            if (!IPAddress.TryParse(context.DnsEndPoint.Host, out var target) || target.AddressFamily != AddressFamily.InterNetwork || target.GetAddressBytes()[0] != 127)
            {
                throw new InvalidOperationException($"refusing to connect to {context.DnsEndPoint.Host}: loopback (127.0.0.x) only");
            }
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    // ----- the server -----

    /// <summary>
    /// One API process (Release build, Production mode, 127.0.0.1), its resident memory sampled every 50 ms from
    /// /proc (peak kept; killed past <see cref="KillRss"/>), its error log lines counted.
    /// </summary>
    private sealed class Server : IDisposable
    {
        private readonly Process _process;
        private readonly CancellationTokenSource _stopSampling = new();
        private readonly Task _sampling;
        private readonly Queue<string> _lastLines = new();
        private long _peak;
        private int _errorsLogged;

        private Server(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Log(e.Data);
            _process.ErrorDataReceived += (_, e) => Log(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            _sampling = Task.Run(SampleAsync);
        }

        public static Server Start(string apiDll, string database, int port, bool rateLimited)
        {
            var start = new ProcessStartInfo("dotnet", [apiDll, "--urls", $"http://127.0.0.1:{port}"])
            {
                WorkingDirectory = Path.GetDirectoryName(apiDll)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Store__Provider"] = "Sqlite";
            start.Environment["Store__SqlitePath"] = database;
            start.Environment["SeedData__BuildOnStartup"] = "false";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["RateLimit__Enabled"] = rateLimited ? "true" : "false";
            // The second pass stands for many clients: no per-address limit of any kind, the admission gate's
            // per-client cap included, so the shared limits (gate, sizes, costs) are what holds.
            if (!rateLimited) start.Environment["Admission__MaxPerClient"] = "1000";
            return new Server(Process.Start(start)!);
        }

        public long PeakRss => Math.Max(Interlocked.Read(ref _peak), Gone ? 0 : ReadStatus("VmHWM:"));

        public long? KilledAt { get; private set; }

        public bool Gone => _process.HasExited;

        public int ExitCode => _process.HasExited ? _process.ExitCode : 0;

        public int ErrorsLogged => Volatile.Read(ref _errorsLogged);

        private readonly List<string> _firstErrors = [];
        private int _errorLinesToKeep;

        public string[] FirstErrors()
        {
            lock (_lastLines) return [.. _firstErrors];
        }

        public long CurrentRss() => ReadStatus("VmRSS:");

        public string[] LastLines()
        {
            lock (_lastLines) return _lastLines.ToArray();
        }

        /// <summary>User + system CPU seconds of the process so far (/proc/pid/stat, in clock ticks of 1/100 s).</summary>
        public double CpuSeconds()
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException)
            {
                return double.NaN;
            }
        }

        public async Task<bool> WaitReadyAsync(string baseUrl, TimeSpan limit)
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < limit && !Gone)
            {
                try
                {
                    using var response = await client.GetAsync(baseUrl + "/ready");
                    if (response.StatusCode == HttpStatusCode.OK) return true;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                }
                await Task.Delay(200);
            }
            return false;
        }

        private async Task SampleAsync()
        {
            while (!_stopSampling.IsCancellationRequested && !Gone)
            {
                var rss = ReadStatus("VmRSS:");
                if (rss > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, rss);
                if (rss > KillRss)
                {
                    KilledAt = rss;
                    _process.Kill(entireProcessTree: true);
                    return;
                }
                try
                {
                    await Task.Delay(50, _stopSampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private long ReadStatus(string field)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
                {
                    if (line.StartsWith(field, StringComparison.Ordinal))
                    {
                        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
            catch (IOException)
            {
            }
            return 0;
        }

        private void Log(string? line)
        {
            if (string.IsNullOrEmpty(line)) return;
            var error = line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);
            if (error) Interlocked.Increment(ref _errorsLogged);
            lock (_lastLines)
            {
                // The first errors and the lines after them (the message and the exception), for the report.
                if (error && _firstErrors.Count < 12) _errorLinesToKeep = 4;
                if (_errorLinesToKeep > 0 && _firstErrors.Count < 12)
                {
                    _firstErrors.Add(line.Length > 300 ? line[..300] : line);
                    _errorLinesToKeep--;
                }
                _lastLines.Enqueue(line.Length > 300 ? line[..300] : line);
                while (_lastLines.Count > 8) _lastLines.Dequeue();
            }
        }

        public void Stop()
        {
            // The peak first: VmHWM is gone with the process.
            var hwm = Gone ? 0 : ReadStatus("VmHWM:");
            if (hwm > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, hwm);
            _stopSampling.Cancel();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        public void Dispose()
        {
            Stop();
            _sampling.Wait(TimeSpan.FromSeconds(5));
            _process.Dispose();
            _stopSampling.Dispose();
        }
    }

    // ----- small things -----

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string Size(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.00} GiB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):N0} MiB"
        : $"{bytes / 1024.0:N1} KiB";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("\"code\"\\s*:\\s*\"([A-Za-z_]+)\"")]
    private static partial Regex CodePattern();

    [GeneratedRegex("/problems/([a-z0-9-]+)")]
    private static partial Regex ProblemPattern();
}
