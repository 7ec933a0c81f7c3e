using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenData.Api.Http;

namespace OpenData.Tests.Http;

/// <summary>Requests spend tokens by what they cost: heavy routes and exports more than one, GraphQL through the
/// public <see cref="RequestCostLimiter"/>. Each test has its own app, so its own buckets; the window is an hour, so
/// no token comes back while a test runs.</summary>
public sealed class RequestCostTests : IDisposable
{
    private const string Aggregates = "/api/v1/crime-figures/aggregates?group_by=period&period=year";

    private readonly TestApp _app = new(new Dictionary<string, string?>
    {
        ["RateLimit:PermitLimit"] = "30",
        ["RateLimit:WindowSeconds"] = "3600",
        ["RateLimit:HeavyRequestCost"] = "10",
        ["RateLimit:ExportRequestCost"] = "5",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Heavy_routes_and_exports_spend_their_cost_and_json_lists_one_token()
    {
        Assert.Equal((200, "20"), await GetAsync(Aggregates));
        Assert.Equal((200, "15"), await GetAsync("/api/v1/areas?format=csv"));
        Assert.Equal((200, "14"), await GetAsync("/api/v1/areas"));
        Assert.Equal((200, "9"), await GetAsync("/api/v1/areas", accept: "text/csv"));
        Assert.Equal((200, "8"), await GetAsync("/api/v1/areas/E05009388"));
    }

    [Fact]
    public async Task A_request_dearer_than_what_is_left_is_a_429_while_cheap_ones_still_pass()
    {
        Assert.Equal(200, (await GetAsync(Aggregates)).Status);
        Assert.Equal(200, (await GetAsync(Aggregates)).Status);
        Assert.Equal((200, "9"), await GetAsync("/api/v1/areas"));

        using var client = _app.CreateClient();
        using var refused = await client.GetAsync(Aggregates);
        await ProblemAssert.IsProblemAsync(refused, 429, "rate-limited");
        // One token short, and one comes back every 120 s.
        Assert.Equal(TimeSpan.FromSeconds(120), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("costs 10", await refused.Content.ReadAsStringAsync());

        Assert.Equal((200, "8"), await GetAsync("/api/v1/areas"));
    }

    [Fact]
    public async Task A_release_change_list_is_heavy_in_any_format()
    {
        Assert.Equal((200, "20"), await GetAsync("/api/v1/releases/1/changes"));
        Assert.Equal((200, "19"), await GetAsync("/api/v1/releases/1"));
    }

    [Fact]
    public async Task Tokens_spent_through_the_public_limiter_come_out_of_the_same_clients_bucket()
    {
        var limiter = _app.Services.GetRequiredService<RequestCostLimiter>();
        var client = new DefaultHttpContext();
        client.Connection.RemoteIpAddress = IPAddress.Loopback;

        Assert.Equal(new RateLimitDecision(true, TimeSpan.Zero), limiter.TrySpend(client, 25));
        var (allowed, retryAfter) = limiter.TrySpend(client, 10);
        Assert.False(allowed);
        Assert.Equal(TimeSpan.FromSeconds(5 * 120), retryAfter);

        var context = await _app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/v1/areas/E05009388";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("4", context.Response.Headers["RateLimit-Remaining"].ToString());
    }

    [Fact]
    public void Graphql_cost_maps_to_one_token_plus_one_per_cost_per_token()
    {
        var limiter = _app.Services.GetRequiredService<RequestCostLimiter>();
        Assert.Equal(1000, limiter.Options.GraphQLCostPerToken);
        Assert.Equal(1, limiter.GraphQLTokens(999));
        Assert.Equal(3, limiter.GraphQLTokens(2500));
        // Never more than a full bucket: a request dearer than that could never pass.
        Assert.Equal(30, limiter.GraphQLTokens(10_000_000));
    }

    [Fact]
    public async Task The_number_of_client_buckets_is_bounded_and_clients_beyond_it_share_one()
    {
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["RateLimit:PermitLimit"] = "2",
            ["RateLimit:WindowSeconds"] = "3600",
            ["RateLimit:MaxClients"] = "3",
        });
        var statuses = new List<int>();
        for (var i = 1; i <= 6; i++)
        {
            statuses.Add(await FromAddressAsync(app, $"203.0.113.{i}"));
        }

        // Three clients have buckets of their own; the next share the overflow bucket of two tokens.
        Assert.Equal([200, 200, 200, 200, 200, 429], statuses);
        Assert.InRange(app.Services.GetRequiredService<RequestCostLimiter>().ClientCount, 1, 4);
        // A client with a bucket of its own is not affected by the overflow.
        Assert.Equal(200, await FromAddressAsync(app, "203.0.113.1"));
    }

    private async Task<(int Status, string Remaining)> GetAsync(string path, string? accept = null)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) request.Headers.Add("Accept", accept);
        using var response = await client.SendAsync(request);
        var remaining = response.Headers.TryGetValues("RateLimit-Remaining", out var values) ? string.Join(",", values) : "";
        return ((int)response.StatusCode, remaining);
    }

    private static async Task<int> FromAddressAsync(TestApp app, string address)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/v1/areas/E05009388";
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });
        return context.Response.StatusCode;
    }
}
