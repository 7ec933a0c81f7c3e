using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenData.Api.Http;

namespace OpenData.Tests.Site;

/// <summary>The site over plain HTTP: caching, headers, errors and weight, as a crawler or a cache sees them.</summary>
public sealed class SiteHttpTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task The_home_page_is_html_with_the_sites_strict_policy()
    {
        var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(app.Services.GetRequiredService<IOptions<SecurityHeadersOptions>>().Value.SiteContentSecurityPolicy, csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("style=", html);
        Assert.DoesNotContain("<style", html);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/datasets")]
    public async Task A_page_is_revalidated_with_its_etag_as_an_api_response_is(string path)
    {
        var first = await _client.GetAsync(path);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.NotNull(first.Content.Headers.LastModified);
        Assert.Contains("max-age=", first.Headers.CacheControl?.ToString());

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        var revalidated = await _client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_page_is_a_404_page_while_an_unknown_api_path_stays_a_problem()
    {
        var page = await _client.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Page not found</h1>", await page.Content.ReadAsStringAsync());

        var api = await _client.GetAsync("/api/v1/no-such-dataset");
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_write_to_a_page_is_405_not_a_404_page()
    {
        var response = await _client.PostAsync("/", new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>This page can only be read</h1>", await response.Content.ReadAsStringAsync());
        // The API's 405 stays a problem document.
        var api = await _client.PostAsync("/api/v1/areas", new StringContent(""));
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_stylesheet_is_cached_for_a_year_under_its_versioned_url_and_revalidated_under_its_bare_one()
    {
        var html = await _client.GetStringAsync("/");
        var href = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/site/site\\.css\\?v=[0-9a-f]+)\"").Groups[1].Value;
        Assert.NotEmpty(href);

        var versioned = await _client.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal("text/css", versioned.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", versioned.Headers.CacheControl?.ToString());

        var bare = await _client.GetAsync("/site/site.css");
        Assert.True(bare.Headers.CacheControl?.NoCache);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/site/site.css");
        again.Headers.IfNoneMatch.Add(bare.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(again)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/site/no-such.js")).StatusCode);
    }

    [Fact]
    public async Task The_home_page_weighs_less_than_50_kB_gzipped()
    {
        var (_, _, html) = await PageWeight.GetAsync(_client, "/");

        Assert.Contains("</html>", html);
    }

    [Fact]
    public async Task A_reader_past_the_rate_limit_gets_a_429_page_saying_when_to_come_back()
    {
        using var limited = new TestApp(new Dictionary<string, string?> { ["RateLimit:PermitLimit"] = "2", ["RateLimit:WindowSeconds"] = "3600" });
        var client = limited.CreateClient();
        await client.GetAsync("/targets");
        await client.GetAsync("/targets");

        var response = await client.GetAsync("/targets");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Too many pages at once</h1>", await response.Content.ReadAsStringAsync());
        // The API's own answer stays a problem document.
        Assert.Equal("application/problem+json", (await client.GetAsync("/api/v1/targets")).Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task A_broken_store_is_an_error_page_without_a_stack_trace(string environment)
    {
        using var broken = new TestApp(settings: null, environment, copyStore: false);
        var client = broken.CreateClient();

        var response = await client.GetAsync("/");

        Assert.True((int)response.StatusCode >= 500, $"got {(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>", body);
        Assert.DoesNotContain("sqlite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at OpenData.", body);
        Assert.DoesNotContain(broken.DatabasePath, body);
    }
}
