using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenData.Benchmarks;

/// <summary>
/// Requests per second and latency of our /graphql against graphql-js 16 (graphql-http's reference handler on
/// Node's http server, the same schema and the same records held in memory), on loopback, for a small query, a
/// nested query and the introspection query. Starts both servers itself (our API built in Release over a store
/// imported into a temporary folder), then drives each with a bounded closed loop of HttpClient requests.
/// Prints numbers; passes or fails nothing.
/// </summary>
internal static class GraphQLBenchmark
{
    private static readonly (string Name, string Query)[] Queries =
    [
        ("small", """{ area(code: "E09000020") { code name type } }"""),
        ("nested", """{ targets(first: 20) { totalCount nodes { key subject periodStart outcomeValue area { name parent { name } } source { title publisher } } } }"""),
        ("introspection", IntrospectionQuery),
    ];

    /// <param name="apiDll">A built OpenData.Api.dll to benchmark instead of the repository's Release build (e.g. a
    /// copy of an earlier build, for before/after numbers on the same machine state).</param>
    public static async Task<int> RunAsync(string repositoryRoot, TimeSpan duration, int concurrency, string? apiDll = null)
    {
        var work = Directory.CreateTempSubdirectory("opendata-graphql-bench-").FullName;
        Process? api = null, node = null;
        try
        {
            var apiPort = FreePort();
            var nodePort = FreePort();
            api = StartApi(repositoryRoot, work, apiPort, apiDll);
            var apiUrl = $"http://127.0.0.1:{apiPort}";
            await WaitForAsync($"{apiUrl}/health", TimeSpan.FromMinutes(3));
            node = Start("node", [Path.Combine(repositoryRoot, "tests", "graphql-conformance", "bench-server.mjs"), apiUrl, nodePort.ToString(CultureInfo.InvariantCulture)],
                Path.Combine(repositoryRoot, "tests", "graphql-conformance"), []);
            var nodeUrl = $"http://127.0.0.1:{nodePort}";
            await WaitForAsync($"{nodeUrl}/graphql?query=%7B__typename%7D", TimeSpan.FromMinutes(2));

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; node {NodeVersion()}");
            Console.WriteLine($"load: closed loop, {concurrency} concurrent requests, {duration.TotalSeconds:0} s per query and server after a {Warmup.TotalSeconds:0} s warm-up, POST application/json, loopback");
            Console.WriteLine();
            Console.WriteLine($"{"query",-14} {"server",-10} {"req/s",10} {"p50 ms",8} {"p99 ms",8} {"errors",7}");
            var ratios = new List<string>();
            foreach (var (name, query) in Queries)
            {
                var ours = await LoadAsync($"{apiUrl}/graphql", query, duration, concurrency);
                Print(name, "OpenData", ours);
                var theirs = await LoadAsync($"{nodeUrl}/graphql", query, duration, concurrency);
                Print(name, "graphql-js", theirs);
                ratios.Add($"{name}: {ours.RequestsPerSecond / theirs.RequestsPerSecond:0.00}x the requests/s of graphql-js, p50 latency {ours.P50 / theirs.P50:0.00}x");
            }
            Console.WriteLine();
            foreach (var line in ratios) Console.WriteLine(line);
            return 0;
        }
        finally
        {
            Stop(node);
            Stop(api);
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    private sealed record Result(double RequestsPerSecond, double P50, double P99, long Errors);

    private static void Print(string query, string server, Result r) =>
        Console.WriteLine($"{query,-14} {server,-10} {r.RequestsPerSecond,10:N0} {r.P50,8:0.00} {r.P99,8:0.00} {r.Errors,7}");

    /// <summary>A closed loop: <paramref name="concurrency"/> workers each send the next request when the last answers.</summary>
    private static async Task<Result> LoadAsync(string url, string query, TimeSpan duration, int concurrency)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        using var client = new HttpClient(handler);
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { query }));

        // Check once that the query succeeds on this server, so errors are not benchmarked as successes.
        var check = await SendAsync(client, url, body);
        if (!check.Ok) throw new InvalidOperationException($"{url} answered {check.Status}: {check.Body[..Math.Min(300, check.Body.Length)]}");

        await RunLoopAsync(client, url, body, Warmup, concurrency, null);
        var latencies = new List<double>[concurrency];
        var errors = 0L;
        var watch = Stopwatch.StartNew();
        await RunLoopAsync(client, url, body, duration, concurrency, (worker, ms, ok) =>
        {
            (latencies[worker] ??= []).Add(ms);
            if (!ok) Interlocked.Increment(ref errors);
        });
        var elapsed = watch.Elapsed.TotalSeconds;
        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        return new Result(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), errors);
    }

    private static async Task RunLoopAsync(HttpClient client, string url, byte[] body, TimeSpan duration, int concurrency, Action<int, double, bool>? record)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                var (ok, _, _) = await SendAsync(client, url, body, readBody: false);
                record?.Invoke(worker, Stopwatch.GetElapsedTime(start).TotalMilliseconds, ok);
            }
        }));
        await Task.WhenAll(workers);
    }

    private static async Task<(bool Ok, int Status, string Body)> SendAsync(HttpClient client, string url, byte[] body, bool readBody = true)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        if (!readBody)
        {
            // Drain without decoding: the body must be received, not parsed.
            await response.Content.LoadIntoBufferAsync();
            return (response.IsSuccessStatusCode, (int)response.StatusCode, "");
        }
        var text = await response.Content.ReadAsStringAsync();
        return (response.IsSuccessStatusCode && !text.Contains("\"errors\"", StringComparison.Ordinal), (int)response.StatusCode, text);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static Process StartApi(string root, string work, int port, string? apiDll)
    {
        var dll = apiDll is null ? Path.Combine(root, "src", "OpenData.Api", "bin", "Release", "net10.0", "OpenData.Api.dll") : Path.GetFullPath(apiDll);
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: run `dotnet build -c Release src/OpenData.Api` first (graphql-bench.sh does).");
        return Start("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"], Path.Combine(root, "src", "OpenData.Api"), new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Store__SqlitePath"] = Path.Combine(work, "opendata.db"),
            ["SeedData__Path"] = Path.Combine(root, "seed-data"),
            ["RateLimit__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        });
    }

    private static Process Start(string file, string[] arguments, string directory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"[{Path.GetFileName(file)}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process? process)
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        process.Dispose();
    }

    private static async Task WaitForAsync(string url, TimeSpan limit)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(url);
                if ((int)response.StatusCode < 500) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{url} did not answer within {limit.TotalSeconds:0} s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string NodeVersion()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true })!;
            return process.StandardOutput.ReadToEnd().Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "(not found)";
        }
    }

    /// <summary>graphql-js 16's getIntrospectionQuery() with its default options.</summary>
    private const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name }
            mutationType { name }
            subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;
}
