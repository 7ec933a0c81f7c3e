using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// The result limits (GraphQL:MaxResultNodes, GraphQL:MaxResponseMegabytes) stop an execution whose result grows past
/// them with RESPONSE_TOO_LARGE and data null; the defaults leave every ordinary query alone.
/// </summary>
public sealed class ResponseLimitTests
{
    [Fact]
    public async Task A_result_with_more_values_than_GraphQL_MaxResultNodes_is_stopped_with_response_too_large()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["GraphQL:MaxResultNodes"] = "100" });
        using var client = app.CreateClient();

        var response = await PostAsync(client, "{ crimeFigures(first: 100) { nodes { key value } } }");
        var small = await DataAsync(client, "{ crimeFigures(first: 10) { nodes { key value } } }");

        Assert.Equal("RESPONSE_TOO_LARGE", (string)response["errors"]![0]!["extensions"]!["code"]!);
        Assert.Null(response["data"]);
        Assert.Equal(10, small["crimeFigures"]!["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_thousand_rows_with_every_field_pass_the_default_limits()
    {
        using var app = new TestApp();
        using var client = app.CreateClient();

        // No dataset of rows has a thousand rows (the MPS monthly counts are read through the series and aggregates):
        // three pages of every action, each row with every field, make more than a thousand.
        const string fields = "id key areaCode kind theme priorityId objective text approach lead kpi timescaleText dueDate status rag nrfFunded reviewRecommendations sourceId locator notes";
        var data = await DataAsync(client, $$"""
            { a: actions(first: 1000) { totalCount nodes { {{fields}} } }
              b: actions(first: 1000, order: [{ dueDate: DESC }]) { nodes { {{fields}} } }
              c: actions(first: 1000, order: [{ status: ASC }]) { nodes { {{fields}} } } }
            """);

        var total = (int)data["a"]!["totalCount"]!;
        Assert.True(total > 333, $"expected more than a third of a thousand actions, got {total}");
        Assert.All(new[] { "a", "b", "c" }, alias => Assert.Equal(total, data[alias]!["nodes"]!.AsArray().Count));
    }
}
