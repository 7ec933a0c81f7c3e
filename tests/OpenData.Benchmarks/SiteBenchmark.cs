using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using Microsoft.Playwright;

namespace OpenData.Benchmarks;

/// <summary>
/// The site's page weights and cold render times (issue 14: each page's HTML at most 50 kB gzipped; a cold page
/// renders within a second on this machine). Prints numbers, asserts none.
/// <para>
/// One API process (Release, Production, the given store) is started for the run. For each page type, "cold" is the
/// first request of that URL since the process started (no response of ours cached, no query plan warm for it),
/// loaded by a fresh browser context (empty browser cache: the stylesheet, scripts and, for the map, the GeoJSON
/// are fetched too) in Debian's headless Chromium. Measured per page: the server's time to the last byte of the HTML
/// (a plain HTTP GET with gzip, made first, so it is the cold one), then in the browser (a second fresh context, so
/// the browser's measures are of a page whose HTML is warm on the server but nothing is in the browser cache, and
/// a third run on another URL of the same page type that no request has touched, which is the fully cold render):
/// DOMContentLoaded, load, and network idle (the map drawn, the charts filled).
/// </para>
/// </summary>
public static class SiteBenchmark
{
    /// <summary>(page type, a URL, another URL of the same type) over the seed data.</summary>
    private static readonly (string Type, string Url, string Other)[] Pages =
    [
        ("home", "/", "/datasets"),
        ("dataset", "/datasets/targets", "/datasets/actions?q=anti-social+behaviour"),
        ("row", "/datasets/targets/mpa-lps-kc-2010-t001", "/datasets/actions/kent-csa-2012-a001"),
        ("source document", "/sources/mpa-lps-kc-2010", "/sources/rbkc-ccsp-2008"),
        ("map", "/map", "/map?police_uk=burglary"),
        ("ward profile", "/areas/E05009388", "/areas/E05009392"),
        ("borough profile", "/areas/E09000020", "/areas/E09000033"),
        // One URL only: the page takes no parameters (any other query is a 400 page).
        ("targets", "/targets", "/targets"),
        ("not found", "/no-such-page", "/datasets/no-such-dataset"),
    ];

    public static async Task<int> RunAsync(string apiDll, string database, string chromium, int port)
    {
        if (port == 0) port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}; browser {chromium}");
        using var server = Start(apiDll, database, port);
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { Timeout = TimeSpan.FromSeconds(60) };
        var ready = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync(baseUrl + "/ready")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException)
            {
            }
            if (ready.Elapsed > TimeSpan.FromSeconds(120) || server.HasExited) throw new InvalidOperationException("the API did not become ready");
            await Task.Delay(200);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-dev-shm-usage"] });

        Console.WriteLine();
        Console.WriteLine("| page type | URL | status | HTML bytes | gzipped | server cold ms | browser (HTML warm): DOMContentLoaded / load / idle ms | URL never requested: DOMContentLoaded / load / idle ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (type, url, other) in Pages)
        {
            var timer = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + url);
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            request.Headers.Accept.ParseAdd("text/html");
            using var response = await http.SendAsync(request);
            var gzipped = await response.Content.ReadAsByteArrayAsync();
            var serverMs = timer.Elapsed.TotalMilliseconds;
            var html = response.Content.Headers.ContentEncoding.Contains("gzip") ? Gunzip(gzipped) : gzipped;
            var zipped = response.Content.Headers.ContentEncoding.Contains("gzip") ? gzipped.Length : Gzip(html).Length;

            var warm = await RenderAsync(browser, baseUrl + url);
            var cold = await RenderAsync(browser, baseUrl + other);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {type} | {url} | {(int)response.StatusCode} | {html.Length:N0} | {zipped:N0} | {serverMs:0} | {warm} | {cold} ({other}) |"));
        }
        Console.WriteLine();
        Console.WriteLine($"load average at end {File.ReadAllText("/proc/loadavg").Trim()}");
        server.Kill(entireProcessTree: true);
        return 0;
    }

    private static async Task<string> RenderAsync(IBrowser browser, string url)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var timer = Stopwatch.StartNew();
        double contentLoaded = 0, loaded = 0;
        page.DOMContentLoaded += (_, _) => contentLoaded = timer.Elapsed.TotalMilliseconds;
        page.Load += (_, _) => loaded = timer.Elapsed.TotalMilliseconds;
        var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });
        // Network idle is declared 500 ms after the last request ends: that wait is Playwright's, not the page's.
        var idle = Math.Max(loaded, timer.Elapsed.TotalMilliseconds - 500);
        // The status too, so a URL that is not the page type it stands for (a 400, a 404) shows.
        return string.Create(CultureInfo.InvariantCulture, $"{contentLoaded:0} / {loaded:0} / {idle:0} ({response?.Status})");
    }

    private static Process Start(string apiDll, string database, int port)
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
        start.Environment["RateLimit__Enabled"] = "false";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("api: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(bytes);
        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
