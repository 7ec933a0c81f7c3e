using System.Net;

namespace OpenData.Tests.Http;

public sealed class CorsTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task A_preflight_from_any_origin_is_allowed_to_read(string method)
    {
        using var request = Preflight("/api/v1/areas", method, "https://maps.example.org");
        request.Headers.Add("Access-Control-Request-Headers", "if-none-match");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains(method, Single(response, "Access-Control-Allow-Methods").Split(','));
        Assert.Contains("if-none-match", Single(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    public async Task A_preflight_for_a_write_method_is_not_granted(string method)
    {
        using var request = Preflight("/api/v1/areas", method, "https://maps.example.org");

        var response = await _client.SendAsync(request);

        var allowed = response.Headers.TryGetValues("Access-Control-Allow-Methods", out var values) ? string.Join(",", values) : "";
        Assert.DoesNotContain(method, allowed.Split(','));
    }

    [Fact]
    public async Task A_cross_origin_read_exposes_the_paging_caching_and_rate_limit_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/areas?limit=2");
        request.Headers.Add("Origin", "https://journalist.example.net");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
        var exposed = Single(response, "Access-Control-Expose-Headers").Split(',').Select(h => h.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var header in new[] { "Link", "ETag", "Last-Modified", "X-Data-Release", "X-Request-Id", "Retry-After",
                     "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy" })
        {
            Assert.Contains(header, exposed);
        }
    }

    [Fact]
    public async Task Errors_carry_cors_headers_so_a_script_can_read_the_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/areas/E99999999");
        request.Headers.Add("Origin", "https://civic.example.com");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string path, string method, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        return request;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        string.Join(",", response.Headers.TryGetValues(header, out var values) ? values : []);
}
