using System.Net;
using System.Text.Json.Nodes;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.GraphQL;

/// <summary>A connection's facet(field:) counts the connection's items by value, its where applied, as REST's
/// facet= does for the same filter.</summary>
public sealed class FacetGraphTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<JsonArray> RestFacetAsync(string url, string field)
    {
        using var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["meta"]!["facets"]![field]!["values"]!.AsArray();
    }

    /// <summary>REST values as GraphQL writes them: text (a boolean as true/false), null for empty.</summary>
    private static string AsText(JsonArray values) =>
        new JsonArray(values.Select(v => (JsonNode)new JsonObject
        {
            ["value"] = v!["value"] is null ? null : JsonValue.Create(v["value"]!.ToJsonString().Trim('"')),
            ["count"] = (long)v["count"]!,
        }).ToArray()).ToJsonString();

    [Fact]
    public async Task A_facet_counts_the_items_of_the_where_as_rest_does()
    {
        var data = await DataAsync(_client, """
            { actions(first: 0, where: { or: [{ kind: { eq: "issue" } }, { approach: { eq: "enforcement" } }] }) {
                totalCount
                kind: facet(field: "kind") { values { value count } truncated }
                nrfFunded: facet(field: "nrfFunded") { values { value count } truncated }
            } }
            """);
        var actions = data["actions"]!;
        foreach (var (graph, rest) in new[] { ("kind", "kind"), ("nrfFunded", "nrf_funded") })
        {
            var facet = actions[graph]!;
            Assert.False((bool)facet["truncated"]!);
            Assert.Equal((long)actions["totalCount"]!, facet["values"]!.AsArray().Sum(v => (long)v!["count"]!));
            var expected = await RestFacetAsync($"/api/v1/actions?or.1.kind=issue&or.2.approach=enforcement&facet={rest}&limit=1", rest);
            Assert.Equal(AsText(expected), facet["values"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task A_facet_of_a_nested_connection_counts_that_parents_items()
    {
        var data = await DataAsync(_client, """
            { areas(first: 2, where: { code: { in: ["E09000020", "E05009388"] } }) { nodes { code
                actions(where: { kind: { neq: "action" } }) { totalCount facet(field: "approach") { values { value count } } } } } }
            """);
        foreach (var area in data["areas"]!["nodes"]!.AsArray())
        {
            var code = (string)area!["code"]!;
            var expected = await RestFacetAsync($"/api/v1/actions?area_code={code}&kind__ne=action&facet=approach&limit=1", "approach");
            Assert.Equal(AsText(expected), area["actions"]!["facet"]!["values"]!.ToJsonString());
        }
    }

    [Theory]
    [InlineData("lead", "lead is not a closed-set or linked field")]
    [InlineData("knd", "did you mean kind?")]
    [InlineData("text", "facetable fields of Action: areaCode, kind, priorityId, approach, rag, nrfFunded, sourceId")]
    public async Task A_field_that_cannot_be_faceted_is_an_error_naming_the_facetable_fields(string field, string expected)
    {
        var error = await ErrorAsync(_client, $$"""{ actions { facet(field: "{{field}}") { values { value } } } }""");
        Assert.Equal("BAD_USER_INPUT", (string)error["extensions"]!["code"]!);
        Assert.Equal("field", (string)error["extensions"]!["argument"]!);
        Assert.Contains(expected, (string)error["message"]!);
    }
}
