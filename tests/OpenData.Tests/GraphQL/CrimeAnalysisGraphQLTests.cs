using System.Text.Json.Nodes;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// crimeAggregates, crimeMap and crimeDownloads against the store imported from seed-data/ (the London downloads):
/// each answers the same question with the same numbers as its REST route, and refuses what REST refuses, naming
/// the argument.
/// </summary>
public sealed class CrimeAnalysisGraphQLTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task The_borough_ranking_of_2023_per_1000_residents_is_the_same_as_rest()
    {
        var rest = JsonNode.Parse(await _client.GetStringAsync(
            "/api/v1/crime-figures/aggregates?group_by=borough,period&period=year&from=2023-01&to=2023-12&sort=-rate_per_1000&limit=100"))!;
        var expected = new JsonArray(rest["data"]!.AsArray().Select(r => (JsonNode)AsGraphQLRow(r!)).ToArray());

        var data = await DataAsync(_client, """
            { crimeAggregates(groupBy: [BOROUGH, PERIOD], period: YEAR, from: "2023-01", to: "2023-12", sort: RATE_PER_1000_DESC, first: 100) {
                totalCount pageInfo { hasNextPage }
                nodes { areaCode areaName period periodStart periodEnd value months figures previousValue previousMonths change changePercent
                        population ratePer1000 rateNullReason rank rateRank }
                edges { node { area { code name type } } } } }
            """);
        var aggregates = data["crimeAggregates"]!;
        var nodes = aggregates["nodes"]!.AsArray();

        // Every borough of London with MPS figures (the City of London has none), ranked by rate.
        Assert.InRange(nodes.Count, 32, 33);
        Assert.True(JsonNode.DeepEquals(expected, nodes), $"REST:\n{Shorten(Pretty(expected))}\nGraphQL:\n{Shorten(Pretty(nodes))}");
        Assert.Equal(1, (int)nodes[0]!["rateRank"]!);
        Assert.All(nodes, n => Assert.Equal("2023", (string?)n!["period"]));
        Assert.Equal(nodes.Count, (int)aggregates["totalCount"]!);
        Assert.False((bool)aggregates["pageInfo"]!["hasNextPage"]!);
        var areas = aggregates["edges"]!.AsArray().Select(e => e!["node"]!["area"]!).ToList();
        Assert.Equal(nodes.Select(n => (string?)n!["areaCode"]), areas.Select(a => (string?)a["code"]));
        Assert.All(areas, a => Assert.Equal("borough", (string?)a["type"]));
    }

    [Fact]
    public async Task Aggregate_pages_follow_each_other_as_rest_pages_do()
    {
        const string Rows = "areaCode value rank boroughRank";
        var whole = await DataAsync(_client, $$"""
            { crimeAggregates(groupBy: [AREA], from: "2023-01", to: "2023-12", policeUk: "burglary", sort: VALUE_DESC, first: 6) { nodes { {{Rows}} } } }
            """);
        var firstPage = await DataAsync(_client, $$"""
            { crimeAggregates(groupBy: [AREA], from: "2023-01", to: "2023-12", policeUk: "burglary", sort: VALUE_DESC, first: 3) { pageInfo { endCursor hasNextPage } edges { cursor } nodes { {{Rows}} } } }
            """);
        var page = firstPage["crimeAggregates"]!;
        Assert.True((bool)page["pageInfo"]!["hasNextPage"]!);
        Assert.Equal((string?)page["edges"]![2]!["cursor"], (string?)page["pageInfo"]!["endCursor"]);
        var secondPage = await DataAsync(_client, $$"""
            query($after: String) { crimeAggregates(groupBy: [AREA], from: "2023-01", to: "2023-12", policeUk: "burglary", sort: VALUE_DESC, first: 3, after: $after) { nodes { {{Rows}} } } }
            """, new { after = (string?)page["pageInfo"]!["endCursor"] });

        var pages = new JsonArray([.. page["nodes"]!.AsArray().Select(n => n!.DeepClone()), .. secondPage["crimeAggregates"]!["nodes"]!.AsArray().Select(n => n!.DeepClone())]);
        Assert.True(JsonNode.DeepEquals(whole["crimeAggregates"]!["nodes"], pages), $"Whole:\n{Pretty(whole)}\nPages:\n{Pretty(pages)}");
        var rest = JsonNode.Parse(await _client.GetStringAsync("/api/v1/crime-figures/aggregates?group_by=area&from=2023-01&to=2023-12&police_uk=burglary&sort=-value&limit=6"))!;
        Assert.Equal(rest["data"]!.AsArray().Select(r => (string?)r!["area_code"]), pages.Select(n => (string?)n!["areaCode"]));
        Assert.Equal(rest["data"]!.AsArray().Select(r => (double?)r!["value"]), pages.Select(n => (double?)n!["value"]));
    }

    [Fact]
    public async Task The_2022_ward_map_of_burglary_in_2023_is_the_same_as_rest()
    {
        var rest = JsonNode.Parse(await _client.GetStringAsync("/api/v1/crime-figures/map?boundary_set=2022&from=2023-01&to=2023-12&police_uk=burglary"))!;
        var expected = new JsonArray(rest["features"]!.AsArray().Select(f =>
        {
            var ward = AsGraphQLRow(f!["properties"]!);
            ward["geometry"] = f["geometry"]?.DeepClone();
            return (JsonNode)ward;
        }).ToArray());

        var data = await DataAsync(_client, """
            { crimeMap(boundarySet: "2022", from: "2023-01", to: "2023-12", policeUk: "burglary") {
                areaCode areaName boundarySet value figures months nullReason population ratePer1000 rateNullReason geometry } }
            """);
        var wards = data["crimeMap"]!.AsArray();

        // The 2022 set has 680 wards, each with twelve months of burglary and its polygon.
        Assert.True(wards.Count > 600, $"{wards.Count} wards");
        Assert.All(wards, w => Assert.Equal("2022", (string?)w!["boundarySet"]));
        Assert.Contains(wards, w => w!["value"] is not null && (double)w["value"]! > 0);
        Assert.Contains(wards, w => w!["geometry"]?["type"] is not null);
        Assert.Equal(expected.Count, wards.Count);
        for (var i = 0; i < wards.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(expected[i], wards[i]), $"Ward {i}: REST\n{Shorten(Pretty(expected[i]))}\nGraphQL\n{Shorten(Pretty(wards[i]))}");
        }
    }

    [Fact]
    public async Task A_map_ward_is_an_area()
    {
        var data = await DataAsync(_client, """
            { crimeMap(boundarySet: "2022", from: "2023-01", to: "2023-12", policeUk: "burglary") { areaCode area { code type boundarySet } } }
            """);

        Assert.All(data["crimeMap"]!.AsArray(), w =>
        {
            Assert.Equal((string?)w!["areaCode"], (string?)w["area"]!["code"]);
            Assert.Equal("ward", (string?)w["area"]!["type"]);
        });
    }

    [Fact]
    public async Task The_downloads_are_the_same_as_rest()
    {
        var rest = JsonNode.Parse(await _client.GetStringAsync("/api/v1/crime-figures/downloads"))!["data"]!;
        var expected = AsGraphQLRow(rest);
        expected["downloads"] = new JsonArray(rest["downloads"]!.AsArray().Select(d => (JsonNode)AsGraphQLRow(d!)).ToArray());

        var data = await DataAsync(_client, """
            { crimeDownloads { latestMonth coverage { from to } gaps
                downloads { file sourceId kind firstMonth lastMonth wardSet scheme rows counts total sha256 currentMonths { from to } monthlyTotals { month total } } } }
            """);
        var catalogue = data["crimeDownloads"]!;

        // The seven London-wide ward downloads are among them.
        Assert.True(catalogue["downloads"]!.AsArray().Count(d => (string?)d!["kind"] == "ward") >= 7);
        Assert.Equal("2024-11", (string?)catalogue["latestMonth"]);
        Assert.Contains("2019-08", catalogue["gaps"]!.AsArray().Select(g => (string?)g));
        Assert.True(JsonNode.DeepEquals(expected, catalogue), $"REST:\n{Pretty(expected)}\nGraphQL:\n{Pretty(catalogue)}");
    }

    [Theory]
    [InlineData("""crimeAggregates(groupBy: [AREA, BOROUGH]) { totalCount }""", "groupBy", "group_by=area,borough", "group_by")]
    [InlineData("""crimeAggregates(groupBy: [CATEGORY], sort: RATE_PER_1000_DESC) { totalCount }""", "sort", "group_by=category&sort=-rate_per_1000", "sort")]
    [InlineData("""crimeAggregates(groupBy: [AREA], sort: CHANGE_DESC) { totalCount }""", "sort", "group_by=area&sort=-change", "sort")]
    [InlineData("""crimeAggregates(groupBy: [AREA], period: YEAR) { totalCount }""", "period", "group_by=area&period=year", "period")]
    [InlineData("""crimeAggregates(from: "2023-05", to: "2023-01") { totalCount }""", "to", "from=2023-05&to=2023-01", "to")]
    [InlineData("""crimeAggregates(policeUk: "burglery") { totalCount }""", "policeUk", "police_uk=burglery", "police_uk")]
    public async Task Bad_aggregate_arguments_are_refused_as_rest_refuses_them(string field, string argument, string restQuery, string parameter)
    {
        var error = await ErrorAsync(_client, $"{{ {field} }}");
        var problem = JsonNode.Parse(await (await _client.GetAsync($"/api/v1/crime-figures/aggregates?{restQuery}")).Content.ReadAsStringAsync())!;

        Assert.Equal("BAD_USER_INPUT", (string?)error["extensions"]!["code"]);
        Assert.Equal(argument, (string?)error["extensions"]!["argument"]);
        Assert.Equal((string)problem["errors"]![parameter]![0]!, (string?)error["message"]);
    }

    [Theory]
    [InlineData("""crimeAggregates(areaCodes: []) { totalCount }""", "areaCodes")]
    [InlineData("""crimeAggregates(groupBy: []) { totalCount }""", "groupBy")]
    [InlineData("""crimeAggregates(from: "2023-13") { totalCount }""", "from")]
    [InlineData("""crimeAggregates(after: "not-a-cursor") { totalCount }""", "after")]
    [InlineData("""crimeAggregates(first: 100000) { totalCount }""", "first")]
    [InlineData("""crimeAggregates(category: "police-uk-burglary", policeUk: "burglary") { totalCount }""", "policeUk")]
    [InlineData("""crimeMap(boundarySet: "2020", from: "2023-01", to: "2023-12") { areaCode }""", "boundarySet")]
    [InlineData("""crimeMap(boundarySet: "2022", from: "2023", to: "2023-12") { areaCode }""", "from")]
    [InlineData("""crimeMap(boundarySet: "2022", from: "2023-01", to: "2023-12", category: "no-such-category") { areaCode }""", "category")]
    public async Task Bad_arguments_are_errors_naming_the_argument(string field, string argument)
    {
        var error = await ErrorAsync(_client, $"{{ {field} }}");

        Assert.Equal("BAD_USER_INPUT", (string?)error["extensions"]!["code"]);
        Assert.Equal(argument, (string?)error["extensions"]!["argument"]);
    }

    [Fact]
    public async Task A_bad_map_ward_set_reads_as_in_rest()
    {
        var error = await ErrorAsync(_client, """{ crimeMap(boundarySet: "2020", from: "2023-01", to: "2023-12") { areaCode } }""");
        var problem = JsonNode.Parse(await (await _client.GetAsync("/api/v1/crime-figures/map?boundary_set=2020&from=2023-01&to=2023-12")).Content.ReadAsStringAsync())!;

        Assert.Equal((string)problem["errors"]!["boundary_set"]![0]!, (string?)error["message"]);
    }

    [Fact]
    public async Task Maps_are_priced_so_that_four_fit_in_a_request_and_five_do_not()
    {
        static string Maps(int count) => "{ " + string.Concat(Enumerable.Range(0, count).Select(i =>
            $"m{i}: crimeMap(boundarySet: \"2022\", from: \"2023-01\", to: \"2023-12\") {{ areaCode }} ")) + "}";

        var refused = await ErrorAsync(_client, Maps(5));

        Assert.Equal("MAX_COST_EXCEEDED", (string?)refused["extensions"]!["code"]);
        var four = await DataAsync(_client, Maps(4));
        Assert.True(four["m3"]!.AsArray().Count > 600);
    }
}
