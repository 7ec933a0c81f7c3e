namespace OpenData.Api.Rest;

/// <summary>
/// The yardstick of tests/OpenData.Benchmarks/rest-bench.sh: when <c>Benchmark:BaselineFile</c> is configured (never
/// in a deployment), <c>GET /_benchmark/baseline</c> answers with that file's bytes and the headers saved next to
/// it (<c>&lt;file&gt;.headers</c>, as written by <c>curl -D</c>), read once and then served from memory. The benchmark
/// saves a cached list response there, so the cached list and this endpoint send the same bytes through the same
/// middleware, and their throughput ratio is what the cache and the REST handler machinery cost.
/// </summary>
public static class BenchmarkBaseline
{
    public const string Path = "/_benchmark/baseline";

    /// <summary>Headers not replayed: Kestrel writes its own framing, date and server.</summary>
    private static readonly HashSet<string> NotReplayed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
    };

    internal static void MapBenchmarkBaseline(this IEndpointRouteBuilder routes)
    {
        var file = routes.ServiceProvider.GetRequiredService<IConfiguration>()["Benchmark:BaselineFile"];
        if (string.IsNullOrEmpty(file)) return;
        // Read on first use: the benchmark writes the file after the server has started.
        var captured = new Lazy<(byte[] Body, KeyValuePair<string, string>[] Headers)>(() => Read(file), LazyThreadSafetyMode.ExecutionAndPublication);
        routes.MapGet(Path, (HttpContext http) =>
        {
            var (body, headers) = captured.Value;
            var response = http.Response;
            foreach (var (name, value) in headers) response.Headers[name] = value;
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body, http.RequestAborted).AsTask();
        }).ExcludeFromDescription();
    }

    private static (byte[], KeyValuePair<string, string>[]) Read(string file)
    {
        var headers = File.ReadAllLines(file + ".headers")
            .Skip(1) // the status line
            .Select(line => line.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2 && parts[0].Length > 0 && !NotReplayed.Contains(parts[0]))
            .Select(parts => KeyValuePair.Create(parts[0], parts[1]))
            .ToArray();
        return (File.ReadAllBytes(file), headers);
    }
}
