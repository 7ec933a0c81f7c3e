using System.Net;
using System.Text.Json.Nodes;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.Rest;

/// <summary>What the documents count that is not an offence (cameras, rough sleepers, survey results, caseloads) is a
/// measure type, not an offence category, so nothing that groups offences counts it.</summary>
public sealed class MeasureTypesTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task Every_document_figure_is_either_about_an_offence_category_or_a_measure_type()
    {
        var figures = (await GetJsonAsync("/api/v1/crime-figures?limit=1000"))["data"]!.AsArray();
        Assert.All(figures, f => Assert.True(f!["category_id"] is null != f["measure_type_id"] is null,
            $"{f["id"]}: category_id {f["category_id"]}, measure_type_id {f["measure_type_id"]}"));
        Assert.Contains(figures, f => f!["measure_type_id"] is not null);
    }

    [Theory]
    [InlineData("cameras")]
    [InlineData("surveys")]
    [InlineData("reviews")]
    [InlineData("schools")]
    public async Task Counts_of_things_that_are_not_offences_are_filed_under_a_measure_type(string unit)
    {
        var figures = (await GetJsonAsync($"/api/v1/crime-figures?unit={unit}&limit=1000"))["data"]!.AsArray();
        Assert.NotEmpty(figures);
        Assert.All(figures, f =>
        {
            Assert.Null(f!["category_id"]);
            Assert.StartsWith("/api/v1/measure-types/", (string)f["links"]!["measure_type"]!);
        });
    }

    [Fact]
    public async Task The_offence_categories_hold_no_cameras_rough_sleepers_or_surveys()
    {
        var categories = (await GetJsonAsync("/api/v1/offence-categories?scheme=document&limit=1000"))["data"]!.AsArray();
        Assert.NotEmpty(categories);
        var names = categories.Select(c => ((string)c!["name"]!).ToLowerInvariant()).ToList();
        foreach (var word in new[] { "cctv", "rough sleepers", "survey", "turnover", "treatment", "homicide review" })
            Assert.DoesNotContain(names, n => n.Contains(word, StringComparison.Ordinal));
        var measures = (await GetJsonAsync("/api/v1/measure-types?limit=1000"))["data"]!.AsArray();
        var kinds = measures.Select(m => (string)m!["kind"]!).Distinct().Order().ToArray();
        Assert.Equal(["caseload", "infrastructure", "population", "survey"], kinds);
        Assert.Contains(measures, m => (string)m!["id"]! == "rough-sleepers");
    }

    [Fact]
    public async Task A_measure_type_links_its_figures_and_targets_both_ways()
    {
        var rough = (await GetJsonAsync("/api/v1/measure-types/rough-sleepers"))["data"]!;
        var figuresLink = (string)rough["links"]!["crime_figures"]!;
        var figures = (await GetJsonAsync(figuresLink + "&limit=1000"))["data"]!.AsArray();
        Assert.NotEmpty(figures);
        Assert.All(figures, f => Assert.Equal("rough-sleepers", (string)f!["measure_type_id"]!));
        var target = Assert.Single((await GetJsonAsync("/api/v1/targets?measure_type_id=rough-sleepers"))["data"]!.AsArray());
        Assert.Null(target!["category_id"]);

        var data = await DataAsync(Client, """
            { crimeFigures(first: 1000, where: { measureTypeId: { eq: "cctv-cameras" } }) { nodes { key categoryId measureType { key kind } } } }
            """);
        var nodes = data["crimeFigures"]!["nodes"]!.AsArray();
        Assert.NotEmpty(nodes);
        Assert.All(nodes, n =>
        {
            Assert.Null(n!["categoryId"]);
            Assert.Equal("infrastructure", (string)n["measureType"]!["kind"]!);
        });
    }

    [Fact]
    public async Task Crime_aggregates_count_offence_categories_only()
    {
        var rows = (await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=category&area_code=E09000020&from=2023-01&to=2023-12&limit=1000"))["data"]!.AsArray();
        Assert.NotEmpty(rows);
        var measures = (await GetJsonAsync("/api/v1/measure-types?limit=1000"))["data"]!.AsArray().Select(m => (string)m!["id"]!).ToHashSet();
        foreach (var row in rows)
        {
            var category = (string)row!["category_id"]!;
            Assert.DoesNotContain(category, measures);
            await GetJsonAsync($"/api/v1/offence-categories/{category}");
        }
        await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=category&category=rough-sleepers", HttpStatusCode.BadRequest);
    }
}
