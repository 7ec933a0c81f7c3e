using System.Text.Json.Nodes;
using OpenData.Tests.GraphQL;

namespace OpenData.Tests.OpenApi;

/// <summary>
/// A deployment that changes a limit documents its own value: the OpenAPI description and parameters and the GraphQL
/// argument descriptions are written from the options the app runs with, not from the defaults.
/// </summary>
public sealed class DocumentedOptionsTests : IDisposable
{
    private readonly TestApp _app = new(new Dictionary<string, string?>
    {
        ["Query:DefaultPageSize"] = "25",
        ["Query:MaxPageSize"] = "250",
        ["Caching:MaxAgeSeconds"] = "42",
        ["Caching:StaleWhileRevalidateSeconds"] = "600",
        ["RateLimit:PermitLimit"] = "77",
        ["RateLimit:WindowSeconds"] = "30",
        ["RateLimit:HeavyRequestCost"] = "7",
        ["RateLimit:ExportRequestCost"] = "5",
        ["RateLimit:GraphQLCostPerToken"] = "2500",
    });

    [Fact]
    public async Task The_openapi_description_states_the_configured_caching_and_rate_limits()
    {
        var document = await Document();
        var description = document["info"]!["description"]!.GetValue<string>();

        Assert.Contains("`Cache-Control: public, max-age=42, stale-while-revalidate=600, stale-if-error=86400`", description, StringComparison.Ordinal);
        Assert.Contains("a bucket of 77 tokens refilled at 77 per\n30 seconds", description, StringComparison.Ordinal);
        Assert.Contains("crime-figure series, aggregates and maps, and a release's change list cost 7,\na collection as CSV or GeoJSON 5", description, StringComparison.Ordinal);
        Assert.Contains("a GraphQL request 1 plus 1 per 2,500 of its estimated cost", description, StringComparison.Ordinal);
        Assert.DoesNotContain("300", description, StringComparison.Ordinal);
        Assert.DoesNotContain("120", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_limit_parameter_states_the_configured_page_sizes()
    {
        var aggregates = (await Document())["paths"]!["/api/v1/crime-figures/aggregates"]!["get"]!;
        var limit = aggregates["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "limit")!;

        Assert.Equal("Rows per page, 1 to 250 (default 25). With CSV, the most rows to export (default: all).", limit["description"]!.GetValue<string>());
        Assert.Equal(25, limit["example"]!.GetValue<int>());
        Assert.Contains("limit (default 25, at most 250)", aggregates["description"]!.GetValue<string>(), StringComparison.Ordinal);

        var areas = (await Document())["paths"]!["/api/v1/areas"]!["get"]!;
        var areasLimit = areas["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "limit")!;
        Assert.StartsWith("Rows per page, 1 to 250 (default 25).", areasLimit["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(25, areasLimit["example"]!.GetValue<int>());
        Assert.Contains("`limit` (default 25, at most 250)", areas["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphQL_first_and_last_state_the_configured_page_sizes()
    {
        var data = await GraphQLClient.DataAsync(_app.CreateClient(),
            """{ __type(name: "Query") { fields { name args { name description } } } }""");
        var areas = data["__type"]!["fields"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "areas")!;
        string Argument(string name) => areas["args"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == name)!["description"]!.GetValue<string>();

        Assert.Equal("Returns the first _n_ elements from the list (default 25, at most 250; 0 for none, e.g. to read totalCount alone).", Argument("first"));
        Assert.Equal("Returns the last _n_ elements from the list (at most 250; 0 for none).", Argument("last"));
    }

    private async Task<JsonNode> Document() =>
        JsonNode.Parse(await _app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;

    public void Dispose() => _app.Dispose();
}
