using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OpenData.Tests.Http;

public sealed class SecurityHeaderTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("/health")]
    [InlineData("/ready")]
    [InlineData("/api/v1/areas?limit=1")]
    [InlineData("/api/v1/areas/E99999999")]
    [InlineData("/no/such/route")]
    [InlineData("/swagger/v1/swagger.json")]
    public async Task Every_response_forbids_sniffing_framing_and_referrers(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("cross-origin", Header(response, "Cross-Origin-Resource-Policy"));
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public async Task Swagger_ui_gets_a_page_policy_that_lets_its_own_scripts_run_and_nothing_else()
    {
        var response = await _client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_outside_development()
    {
        using var production = new TestApp(settings: null, environment: "Production");
        // Not localhost: HSTS is never sent to loopback names, which would pin a developer's machine.
        var client = production.CreateClient(new() { BaseAddress = new Uri("https://opendata.test") });

        var response = await client.GetAsync("/health");

        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Hsts_is_not_sent_in_development()
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri("https://opendata.test") });

        var response = await client.GetAsync("/health");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public void The_api_has_no_write_routes()
    {
        var writes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["(any)"])
                .Select(m => (Method: m, Route: e.RoutePattern.RawText ?? "")))
            // GraphQL queries are POSTed; GraphQL here has no mutations.
            .Where(x => x.Method is not ("GET" or "HEAD") && !(x.Method == "POST" && x.Route.TrimStart('/') == "graphql"))
            .Select(x => $"{x.Method} {x.Route}")
            .ToList();

        Assert.Empty(writes);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
