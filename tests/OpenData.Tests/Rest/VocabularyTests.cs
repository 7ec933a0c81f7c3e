using System.Net;
using System.Text.Json.Nodes;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.Rest;

/// <summary>
/// One spelling per concept, and errors in each front door's own words: the query layer says what an error is
/// about, REST names its query parameter, GraphQL its argument.
/// </summary>
public sealed class VocabularyTests(TestApp app) : RestTest(app)
{
    private const string Series = "/api/v1/crime-figures/series?area_code=E05009388&from=2023-01&to=2023-03";

    private static string GraphSeries(string arguments) =>
        $$"""{ crimeSeries(areaCode: "E05009388", from: "2023-01", to: "2023-03", {{arguments}}) { categoryIds months { value } } }""";

    [Fact]
    public async Task An_unknown_police_uk_category_is_named_police_uk_in_rest_and_policeUk_in_graphql_with_the_closest_category()
    {
        var problem = await GetProblemAsync(Series + "&police_uk=burglarly", HttpStatusCode.BadRequest, "invalid-parameter");
        var restMessage = (string)problem["errors"]!["police_uk"]![0]!;
        Assert.Equal("'burglarly' is not a police.uk category: did you mean 'police-uk-burglary'?", restMessage);

        var error = await ErrorAsync(Client, GraphSeries("""policeUk: "burglarly" """));
        Assert.Equal("policeUk", (string?)error["extensions"]!["argument"]);
        Assert.Equal(restMessage, (string?)error["message"]);
    }

    [Fact]
    public async Task Category_and_police_uk_together_are_refused_in_each_front_doors_words()
    {
        var problem = await GetProblemAsync(Series + "&police_uk=burglary&category=police-uk-robbery", HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.Equal("Give category or police_uk, not both.", (string)problem["errors"]!["police_uk"]![0]!);

        var error = await ErrorAsync(Client, GraphSeries("""policeUk: "burglary", category: "police-uk-robbery" """));
        Assert.Equal("policeUk", (string?)error["extensions"]!["argument"]);
        Assert.Equal("Give category or policeUk, not both.", (string?)error["message"]);
    }

    [Fact]
    public async Task A_range_ending_before_it_starts_is_named_to_in_both()
    {
        var problem = await GetProblemAsync("/api/v1/crime-figures/series?area_code=E05009388&from=2023-03&to=2023-01", HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.Equal("The last month (2023-01) is before the first (2023-03).", (string)problem["errors"]!["to"]![0]!);

        var error = await ErrorAsync(Client, """{ crimeSeries(areaCode: "E05009388", from: "2023-03", to: "2023-01") { from } }""");
        Assert.Equal("to", (string?)error["extensions"]!["argument"]);
    }

    [Fact]
    public async Task Sort_cursor_and_page_size_errors_name_rest_parameters_and_graphql_arguments()
    {
        var sort = await GetProblemAsync("/api/v1/areas?sort=nope", HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.NotNull(sort["errors"]!["sort"]);
        var order = await ErrorAsync(Client, """{ areas(order: [{ code: ASC }, { code: DESC }]) { totalCount } }""");
        Assert.Equal("order", (string?)order["extensions"]!["argument"]);
        Assert.DoesNotContain("sort", (string?)order["message"]);

        var cursor = await GetProblemAsync("/api/v1/areas?cursor=bm90LWEtY3Vyc29y", HttpStatusCode.BadRequest, "invalid-cursor");
        Assert.NotNull(cursor["errors"]!["cursor"]);
        var before = await ErrorAsync(Client, """{ areas(last: 2, before: "bm90LWEtY3Vyc29y") { totalCount } }""");
        Assert.Equal("before", (string?)before["extensions"]!["argument"]);
        Assert.DoesNotContain("next link", (string?)before["message"]);

        var limit = await GetProblemAsync("/api/v1/areas?limit=0", HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.NotNull(limit["errors"]!["limit"]);
        var first = await ErrorAsync(Client, """{ areas(first: 1, last: 1) { totalCount } }""");
        Assert.Equal("last", (string?)first["extensions"]!["argument"]);
        Assert.Equal("Give first or last, not both.", (string?)first["message"]);
    }

    [Fact]
    public async Task The_series_takes_area_code_as_every_other_route_does_and_suggests_it_for_area()
    {
        var problem = await GetProblemAsync("/api/v1/crime-figures/series?area=E05009388", HttpStatusCode.BadRequest, "unknown-parameter");
        Assert.StartsWith("Unknown parameter (did you mean area_code?):", (string)problem["errors"]!["area"]![0]!);
        var series = await GetJsonAsync(Series);
        Assert.Equal("E05009388", (string?)series["data"]!["area_code"]);

        var data = await DataAsync(Client, """{ crimeSeries(areaCode: "E05009388", from: "2023-01", to: "2023-01") { areaCode } }""");
        Assert.Equal("E05009388", (string?)data["crimeSeries"]!["areaCode"]);
    }

    [Theory]
    [InlineData("/api/v1/targets?area=E05009388", "area", "(did you mean area_code?)")]
    [InlineData("/api/v1/targets?area__in=E05009388", "area__in", "(did you mean area_code__in?)")]
    [InlineData("/api/v1/areas?typ=ward", "typ", "(did you mean type?)")]
    [InlineData("/api/v1/areas?limt=5", "limt", "(did you mean limit?)")]
    [InlineData("/api/v1/crime-figures/map?boundary=2014&from=2023-01&to=2023-01", "boundary", "(did you mean boundary_set?)")]
    [InlineData("/api/v1/crime-figures/aggregates?area=E05009388", "area", "(did you mean area_code?)")]
    [InlineData("/api/v1/areas/E05009388?field=code", "field", "(did you mean fields?)")]
    public async Task An_unknown_parameter_suggests_the_closest_valid_one(string url, string parameter, string suggestion)
    {
        var problem = await GetProblemAsync(url, HttpStatusCode.BadRequest, "unknown-parameter");
        Assert.StartsWith("Unknown parameter " + suggestion + ":", (string)problem["errors"]![parameter]![0]!);
    }

    [Fact]
    public async Task An_unknown_parameter_with_nothing_close_suggests_nothing()
    {
        var problem = await GetProblemAsync("/api/v1/targets?zzzzzz=1", HttpStatusCode.BadRequest, "unknown-parameter");
        Assert.DoesNotContain("did you mean", (string)problem["errors"]!["zzzzzz"]![0]!);
    }

    [Fact]
    public async Task A_police_uk_category_or_a_closed_set_value_in_other_capitals_is_the_same_value()
    {
        var lower = await GetJsonAsync(Series + "&police_uk=burglary");
        var capital = await GetJsonAsync(Series + "&police_uk=Burglary");
        Assert.Equal(lower["data"]!.ToJsonString(), capital["data"]!.ToJsonString());
        Assert.Equal("police-uk-burglary", (string?)capital["data"]!["category"]);
        Assert.NotEmpty(capital["data"]!["category_ids"]!.AsArray());

        var graph = await DataAsync(Client, GraphSeries("""policeUk: "BURGLARY" """));
        Assert.Equal(lower["data"]!["category_ids"]!.ToJsonString(), graph["crimeSeries"]!["categoryIds"]!.ToJsonString());

        var wards = await GetJsonAsync("/api/v1/areas?type=ward&limit=1&total=true");
        var capitalWards = await GetJsonAsync("/api/v1/areas?type=Ward&limit=1&total=true");
        Assert.True((long)wards["meta"]!["total"]! > 0);
        Assert.Equal((long)wards["meta"]!["total"]!, (long)capitalWards["meta"]!["total"]!);
        var graphWards = await DataAsync(Client, """{ lower: areas(where: { type: { eq: "ward" } }) { totalCount } capital: areas(where: { type: { in: ["Ward"] } }) { totalCount } }""");
        Assert.Equal((long)wards["meta"]!["total"]!, (long)graphWards["capital"]!["totalCount"]!);
        Assert.Equal((long)graphWards["lower"]!["totalCount"]!, (long)graphWards["capital"]!["totalCount"]!);
    }

    [Fact]
    public async Task A_boundary_set_that_is_given_but_not_valid_is_not_one_of_the_sets_not_missing()
    {
        var problem = await GetProblemAsync("/api/v1/crime-figures/map?boundary_set=2015&from=2023-01&to=2023-01", HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.Equal("'2015' is not one of 2002-2014, 2014, 2018, 2022.", (string)problem["errors"]!["boundary_set"]![0]!);
        var missing = await GetProblemAsync("/api/v1/crime-figures/map?from=2023-01&to=2023-01", HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.StartsWith("boundary_set is required", (string)missing["errors"]!["boundary_set"]![0]!);
    }

    [Fact]
    public async Task A_dataset_is_named_by_its_datapackage_name_in_every_body_and_with_hyphens_only_in_paths()
    {
        var page = await GetJsonAsync("/api/v1/crime-figures?limit=1");
        Assert.Equal("crime_figures", (string?)page["meta"]!["dataset"]);
        var item = await GetJsonAsync("/api/v1/offence-categories/police-uk-burglary");
        Assert.Equal("offence_categories", (string?)item["meta"]!["dataset"]);
        var geo = await GetJsonAsync("/api/v1/areas?type=ward&limit=1&format=geojson");
        Assert.Equal("areas", (string?)geo["metadata"]!["dataset"]);

        var entry = await GetJsonAsync("/api/v1/datasets/crime-figures");
        Assert.Equal("crime_figures", (string?)entry["data"]!["name"]);
        Assert.EndsWith("/api/v1/crime-figures", (string?)entry["data"]!["links"]!["collection"]);
        var release = await GetJsonAsync("/api/v1/releases?limit=1");
        Assert.NotNull(release["data"]![0]!["row_counts"]);
        Assert.Contains("\"crime_figures\"", release["data"]![0]!["row_counts"]!.ToJsonString());

        var graph = await DataAsync(Client, """{ dataset(name: "crime_figures") { name } }""");
        Assert.Equal("crime_figures", (string?)graph["dataset"]!["name"]);
    }

    [Fact]
    public async Task Rest_writes_instants_in_utc_with_three_fractional_digits_in_json_and_csv()
    {
        const string pattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$";
        var page = await GetJsonAsync("/api/v1/areas?limit=1");
        Assert.Matches(pattern, (string)page["meta"]!["release"]!["imported_at"]!);
        var releases = await GetJsonAsync("/api/v1/releases?limit=1");
        Assert.Matches(pattern, (string)releases["data"]![0]!["imported_at"]!);
        var catalogue = await GetJsonAsync("/api/v1/datasets");
        Assert.All(catalogue["data"]!.AsArray(), d => Assert.Matches(pattern, (string)d!["last_modified"]!));

        var csv = Csv.Parse(await Client.GetStringAsync("/api/v1/releases?format=csv"));
        var column = Array.IndexOf(csv[0], "imported_at");
        Assert.True(column >= 0);
        Assert.All(csv.Skip(1), row => Assert.Matches(pattern, row[column]));
    }
}
