using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenData.Api.Http;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// GraphQL pays by cost: its client's rate-limit tokens by the operation's estimated cost, and an operation costing
/// at least GraphQL:AdmissionCost waits for the same admission gate as REST's heavy work.
/// </summary>
public sealed class GraphQLAdmissionTests
{
    // One crimeSeries costs 15,000: at 1 token per 1,000 of cost this operation spends 16 tokens.
    private const string Series = "{ crimeSeries(areaCode: \"E05009388\", from: \"2021-01\", to: \"2021-03\") { months { month value } } }";
    private const string Cheap = "{ sources(first: 1) { nodes { key } } }";

    private static Task<HttpResponseMessage> Post(HttpClient client, string query) => client.PostAsJsonAsync("/graphql", new { query });

    [Fact]
    public async Task An_operation_spends_rate_limit_tokens_by_its_cost_and_is_refused_with_429_RATE_LIMITED_when_they_run_out()
    {
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["RateLimit:PermitLimit"] = "20",
            ["RateLimit:WindowSeconds"] = "3600",
            ["RateLimit:GraphQLCostPerToken"] = "1000",
        });
        var client = app.CreateClient();

        using var first = await Post(client, Series);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // 20 tokens, 16 spent: a cheap operation (1 token) still passes, a second series does not.
        Assert.Equal(HttpStatusCode.OK, (await Post(client, Cheap)).StatusCode);

        using var refused = await Post(client, Series);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("RATE_LIMITED", (string?)error["extensions"]!["code"]);
        Assert.Contains("16 tokens", (string?)error["message"]);
    }

    [Fact]
    public async Task A_costly_operation_waits_for_the_admission_gate_and_is_a_503_SERVER_BUSY_beyond_its_queue_while_cheap_ones_run()
    {
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Admission:MaxConcurrent"] = "1",
            ["Admission:QueueLimit"] = "0",
            ["Admission:RetryAfterSeconds"] = "9",
            ["GraphQL:AdmissionCost"] = "10000",
        });
        var client = app.CreateClient();
        var gate = app.Services.GetRequiredService<HeavyWorkGate>();

        using (var held = await gate.TryEnterAsync(CancellationToken.None))
        {
            Assert.NotNull(held);
            using var refused = await Post(client, Series);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(9), refused.Headers.RetryAfter?.Delta);
            var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]![0]!;
            Assert.Equal("SERVER_BUSY", (string?)error["extensions"]!["code"]);

            // Below the admission cost an operation never waits for the gate.
            var data = await GraphQLClient.DataAsync(client, Cheap);
            Assert.Single(data["sources"]!["nodes"]!.AsArray());
        }

        // The slot is free again: the same operation runs, and gives its slot back when it is answered.
        var series = await GraphQLClient.DataAsync(client, Series);
        Assert.Equal(3, series["crimeSeries"]!["months"]!.AsArray().Count);
        Assert.Equal(0, gate.Running);
    }
}
