using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using OpenData.Api.Http;

namespace OpenData.Tests.Http;

/// <summary>Each test gets its own app (and so its own limiter) with a limit of two requests per hour.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly TestApp _app = new(new Dictionary<string, string?>
    {
        ["RateLimit:PermitLimit"] = "2",
        ["RateLimit:WindowSeconds"] = "3600",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Each_response_says_how_many_requests_are_left()
    {
        var client = _app.CreateClient();

        var first = await client.GetAsync("/swagger/v1/swagger.json");
        var second = await client.GetAsync("/swagger/v1/swagger.json");

        Assert.Equal("2", Header(first, "RateLimit-Limit"));
        Assert.Equal("1", Header(first, "RateLimit-Remaining"));
        Assert.Equal("0", Header(second, "RateLimit-Remaining"));
        Assert.Equal("2;w=3600", Header(second, "RateLimit-Policy"));
        // One token comes back every 1800 s; two are missing.
        Assert.Equal("3600", Header(second, "RateLimit-Reset"));
    }

    [Fact]
    public async Task Going_over_the_limit_is_a_429_problem_with_retry_after()
    {
        var client = _app.CreateClient();
        await client.GetAsync("/swagger/v1/swagger.json");
        await client.GetAsync("/no/such/route");

        var refused = await client.GetAsync("/api/v1/areas");

        await ProblemAssert.IsProblemAsync(refused, 429, "rate-limited");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 1800);
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        Assert.Equal("2", Header(refused, "RateLimit-Limit"));
    }

    [Fact]
    public async Task Health_probes_are_never_limited()
    {
        var client = _app.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync(i % 2 == 0 ? "/health" : "/ready");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("RateLimit-Remaining"));
        }
    }

    [Fact]
    public async Task Revalidations_answered_304_do_not_count_against_the_limit()
    {
        var client = _app.CreateClient();
        var first = await client.GetAsync("/api/v1/areas?limit=3");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        for (var i = 0; i < 5; i++)
        {
            using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/v1/areas?limit=3");
            revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(revalidate)).StatusCode);
        }

        var second = await client.GetAsync("/api/v1/areas?limit=4");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("0", Header(second, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task Clients_are_limited_separately_and_an_ipv6_client_by_its_64()
    {
        Assert.Equal(200, await FromAddress("203.0.113.7"));
        Assert.Equal(200, await FromAddress("203.0.113.7"));
        Assert.Equal(429, await FromAddress("203.0.113.7"));
        Assert.Equal(200, await FromAddress("203.0.113.8"));

        Assert.Equal(200, await FromAddress("2001:db8:1:2::1"));
        Assert.Equal(200, await FromAddress("2001:db8:1:2::ffff"));
        Assert.Equal(429, await FromAddress("2001:db8:1:2:abcd::9"));
        Assert.Equal(200, await FromAddress("2001:db8:1:3::1"));
    }

    [Fact]
    public async Task A_client_cannot_dodge_its_limit_by_inventing_forwarded_addresses()
    {
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await FromAddress("198.51.100.20", forwardedFor: $"192.0.2.{i + 1}"));
        }

        Assert.Equal([200, 200, 429, 429], statuses);
    }

    [Fact]
    public async Task An_ipv4_client_is_one_client_whether_it_arrives_over_ipv4_or_as_an_ipv4_mapped_ipv6_address()
    {
        Assert.Equal(200, await FromAddress("::ffff:203.0.113.9"));
        Assert.Equal(200, await FromAddress("203.0.113.9"));
        Assert.Equal(429, await FromAddress("::ffff:203.0.113.9"));
        Assert.Equal(429, await FromAddress("203.0.113.9"));
        // A mapped address is not lumped with its /64 (::ffff:0:0/96 holds every IPv4 address).
        Assert.Equal(200, await FromAddress("::ffff:203.0.113.10"));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Loopback_is_not_a_trusted_proxy_by_default(string loopback)
    {
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await FromAddress(loopback, forwardedFor: $"192.0.2.{i + 1}"));
        }

        Assert.Equal([200, 200, 429, 429], statuses);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")]
    public async Task A_configured_proxy_names_the_client_the_limit_is_kept_for(string key, string value)
    {
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["RateLimit:PermitLimit"] = "2",
            ["RateLimit:WindowSeconds"] = "3600",
            [key] = value,
        });

        Assert.Equal(200, await FromAddress(app, "127.0.0.1", forwardedFor: "192.0.2.1"));
        Assert.Equal(200, await FromAddress(app, "127.0.0.1", forwardedFor: "192.0.2.1"));
        Assert.Equal(429, await FromAddress(app, "127.0.0.1", forwardedFor: "192.0.2.1"));
        Assert.Equal(200, await FromAddress(app, "127.0.0.1", forwardedFor: "192.0.2.2"));
        // Another address is not the configured proxy: its header is ignored and it is limited as itself.
        Assert.Equal(200, await FromAddress(app, "198.51.100.1", forwardedFor: "192.0.2.1"));
        // Nor is IPv6 loopback, which ASP.NET Core would trust by default.
        Assert.Equal(200, await FromAddress(app, "::1", forwardedFor: "192.0.2.1"));
    }

    private Task<int> FromAddress(string address, string? forwardedFor = null) => FromAddress(_app, address, forwardedFor);

    private static async Task<int> FromAddress(TestApp app, string address, string? forwardedFor = null)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/swagger/v1/swagger.json";
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
        return context.Response.StatusCode;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
