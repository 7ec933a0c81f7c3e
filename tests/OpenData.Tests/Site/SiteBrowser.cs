using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace OpenData.Tests.Site;

/// <summary>
/// The browser the site's tests drive: Debian's Chromium (no browser can be downloaded here, so Playwright launches
/// the system executable: <c>OPENDATA_TEST_CHROMIUM</c>, else /usr/bin/chromium), headless, against the real app
/// on Kestrel (a real port: a browser cannot reach the in-memory test server) over the seed store.
/// One app and one browser for all the site's tests (a collection fixture); each test gets a fresh browser
/// context (its own cookies and cache), so tests run in any order.
/// </summary>
public sealed class SiteBrowser : IAsyncLifetime
{
    public const string Variable = "OPENDATA_TEST_CHROMIUM";

    public static string? ExecutablePath =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    /// <summary>Why the browser tests are skipped here, in one line; null when they run. With CI=true they always
    /// run, so a CI machine without Chromium fails them instead of passing quietly.</summary>
    public static string? SkipReason =>
        ExecutablePath is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? $"Browser tests skipped: no Chromium at /usr/bin/chromium and {Variable} is not set (apt-get install -y chromium; .ci/run installs it)."
            : null;

    private TestApp? _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The app's address, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Where screenshots go: <c>OPENDATA_TEST_ARTIFACTS</c>, else artifacts/site/ in the repository.</summary>
    public static string ArtifactsDirectory =>
        Environment.GetEnvironmentVariable("OPENDATA_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? Path.Combine(configured, "site")
            : RepositoryFiles.InRepository("artifacts", "site");

    public async Task InitializeAsync()
    {
        if (SkipReason is not null) return;
        var executable = ExecutablePath
            ?? throw new InvalidOperationException($"CI=true but no Chromium: .ci/run installs Debian's chromium (or set {Variable}).");
        _app = new TestApp();
        _app.UseKestrel(0);
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().TrimEnd('/')
            .Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // CI containers run as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    /// <summary>A fresh page that records what a reader would not want: console errors, uncaught exceptions, failed
    /// requests (4xx/5xx or network failures) and any request that leaves this origin.</summary>
    public async Task<BrowserPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        return new BrowserPage(this, context, page);
    }
}

[CollectionDefinition(Name)]
public sealed class SiteBrowserCollection : ICollectionFixture<SiteBrowser>
{
    public const string Name = "Site browser";
}

/// <summary>A fact that runs only where Chromium is (<see cref="SiteBrowser"/>).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (SiteBrowser.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>A theory that runs only where Chromium is.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (SiteBrowser.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>One browser page and what went wrong on it.</summary>
public sealed class BrowserPage(SiteBrowser browser, IBrowserContext context, IPage page) : IAsyncDisposable
{
    private readonly List<string> _problems = Watch(browser, page);

    public IPage Page => page;

    /// <summary>Console errors, page errors, failed and off-site requests since the page opened.</summary>
    public IReadOnlyList<string> Problems => _problems;

    private static List<string> Watch(SiteBrowser browser, IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (problems) problems.Add($"console error: {message.Text}");
        };
        page.PageError += (_, error) => { lock (problems) problems.Add($"page error: {error}"); };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(browser.BaseUrl + "/", StringComparison.Ordinal) && request.Url != browser.BaseUrl
                && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                lock (problems) problems.Add($"off-site request: {request.Url}");
            }
        };
        page.RequestFailed += (_, request) => { lock (problems) problems.Add($"failed request: {request.Url} ({request.Failure})"); };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400) lock (problems) problems.Add($"HTTP {response.Status}: {response.Url}");
        };
        return problems;
    }

    /// <summary>Opens a site path (e.g. <c>/map</c>) and waits until the network is idle (scripts have drawn).</summary>
    public async Task<IResponse> GoAsync(string path)
    {
        var response = await page.GotoAsync(browser.BaseUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        return response ?? throw new InvalidOperationException($"No response for {path}.");
    }

    /// <summary>Problems recorded so far, excluding an expected status (a 404 page's own 404).</summary>
    public IReadOnlyList<string> ProblemsExcept(params string[] expected)
    {
        lock (_problems) return _problems.Where(p => !expected.Any(p.Contains)).ToList();
    }

    /// <summary>axe-core's WCAG 2.0/2.1/2.2 A and AA rules (and best practices) on the page as it is now;
    /// the violations, one line each (rule, impact, the first few elements).</summary>
    public async Task<IReadOnlyList<string>> AxeViolationsAsync()
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
        return result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target?.ToString() ?? "")))}")
            .ToList();
    }

    /// <summary>Writes a full-page screenshot to the artifacts folder (<see cref="SiteBrowser.ArtifactsDirectory"/>).</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(SiteBrowser.ArtifactsDirectory);
        var path = Path.Combine(SiteBrowser.ArtifactsDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
