using System.Text.Json.Nodes;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.GraphQL;

/// <summary>GraphQL over HTTP against the real app and the store imported from seed-data/.</summary>
public sealed class GraphQLQueryTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private const string TargetFields = """
        key areaCode subject categoryId measureTypeId indicatorId periodStart periodEnd periodBasis periodBasisReason baselineValue
        baselineText baselinePeriodStart baselinePeriodEnd targetDirection targetChangePercent targetChangeBasis targetValue
        targetText targetQualifier outcomeChangeCount outcomeChangePercent outcomeValue valueUnit outcomeText outcomeQualifier
        derivation verdict sourceId locator notes meetsTarget verdictMet verdictAgrees locatorUrl
        """;

    [Fact]
    public async Task The_boroughs_2009_10_target_results_are_the_same_records_as_rest_returns()
    {
        var rest = JsonNode.Parse(await _client.GetStringAsync("/api/v1/targets?area_code=E09000020&period_start=2009-04-01&limit=1000"))!;
        var expected = new JsonArray(rest["data"]!.AsArray().Select(row => (JsonNode)AsGraphQLRow(row!)).ToArray());

        var data = await DataAsync(_client, $$"""
            { targets(first: 1000, where: { areaCode: { eq: "E09000020" }, periodStart: { eq: "2009-04-01" } }) { nodes { {{TargetFields}} } } }
            """);

        Assert.NotEmpty(expected);
        Assert.True(JsonNode.DeepEquals(expected, data["targets"]!["nodes"]), $"REST:\n{Pretty(expected)}\nGraphQL:\n{Pretty(data["targets"]!["nodes"])}");
    }

    [Fact]
    public async Task A_ward_with_its_borough_reads_as_published()
    {
        var data = await DataAsync(_client, """
            { area(code: "E05009388") { id code name type boundarySet parentCode parent { code name type } source { key } } }
            """);

        var expected = JsonNode.Parse("""
            {"area":{"id":"QXJlYTpFMDUwMDkzODg=","code":"E05009388","name":"Abingdon","type":"ward","boundarySet":"2014",
             "parentCode":"E09000020","parent":{"code":"E09000020","name":"Kensington and Chelsea","type":"borough"},
             "source":{"key":"ons-wards-2022"}}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, data), Pretty(data));
    }

    [Fact]
    public async Task Paging_forward_with_first_and_after_visits_every_row_once_in_order()
    {
        // Kensington and Chelsea's areas: more than a page, fewer than the walk's hundred pages.
        var all = await CodesAsync("first: 1000, where: { parentCode: { eq: \"E09000020\" } }");
        var paged = new List<string>();
        string? after = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = (await DataAsync(_client, "query($after: String) { areas(first: 7, after: $after, where: { parentCode: { eq: \"E09000020\" } }) { pageInfo { hasNextPage hasPreviousPage endCursor } nodes { code } } }", new { after }))["areas"]!;
            paged.AddRange(page["nodes"]!.AsArray().Select(n => (string)n!["code"]!));
            Assert.Equal(after is not null, (bool)page["pageInfo"]!["hasPreviousPage"]!);
            if (!(bool)page["pageInfo"]!["hasNextPage"]!) break;
            after = (string)page["pageInfo"]!["endCursor"]!;
        }

        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task Paging_backward_with_last_and_before_visits_every_row_once_in_order()
    {
        var all = await CodesAsync("first: 1000, where: { parentCode: { eq: \"E09000020\" } }");
        var paged = new List<string>();
        string? before = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = (await DataAsync(_client, "query($before: String) { areas(last: 7, before: $before, where: { parentCode: { eq: \"E09000020\" } }) { pageInfo { hasNextPage hasPreviousPage startCursor } edges { cursor node { code } } } }", new { before }))["areas"]!;
            paged.InsertRange(0, page["edges"]!.AsArray().Select(e => (string)e!["node"]!["code"]!));
            Assert.Equal(before is not null, (bool)page["pageInfo"]!["hasNextPage"]!);
            Assert.Equal((string?)page["edges"]![0]!["cursor"], (string?)page["pageInfo"]!["startCursor"]);
            if (!(bool)page["pageInfo"]!["hasPreviousPage"]!) break;
            before = (string)page["pageInfo"]!["startCursor"]!;
        }

        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task Where_combines_and_or_and_field_conditions_as_rest_filters_do()
    {
        var borough = await RestCodesAsync("/api/v1/areas?type=borough&limit=1000");
        var wards2014 = await RestCodesAsync("/api/v1/areas?type=ward&boundary_set=2014&name__startswith=c&limit=1000");

        var codes = await CodesAsync("""
            first: 1000, where: { or: [
              { type: { eq: "borough" } },
              { and: [{ type: { eq: "ward" } }, { boundarySet: { eq: "2014" } }], name: { startsWith: "C" } }
            ] }
            """);

        Assert.NotEmpty(wards2014);
        Assert.Equal(borough.Concat(wards2014).Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Negated_operations_include_empty_values_like_hotchocolate()
    {
        var data = await DataAsync(_client, """
            {
              all: targets(first: 1000) { totalCount }
              over: targets(first: 1000, where: { outcomeChangePercent: { gt: -5 } }) { totalCount }
              notOver: targets(first: 1000, where: { outcomeChangePercent: { ngt: -5 } }) { totalCount }
              achieved: targets(first: 1000, where: { verdict: { contains: "ACHIEV" } }) { totalCount }
              notAchieved: targets(first: 1000, where: { verdict: { ncontains: "achiev" } }) { totalCount }
            }
            """);

        int Count(string alias) => (int)data[alias]!["totalCount"]!;
        Assert.Equal(Count("all"), Count("over") + Count("notOver"));
        Assert.Equal(Count("all"), Count("achieved") + Count("notAchieved"));
        Assert.True(Count("achieved") > 0 && Count("notAchieved") > 0);
    }

    [Fact]
    public async Task Order_sorts_by_each_key_in_turn_with_the_key_as_tiebreak()
    {
        var data = await DataAsync(_client, "{ areas(first: 1000, order: [{ type: ASC }, { name: DESC }]) { nodes { code type name } } }");
        var rows = data["areas"]!["nodes"]!.AsArray().Select(n => (Type: (string)n!["type"]!, Name: (string)n["name"]!, Code: (string)n["code"]!)).ToList();

        var expected = rows.OrderBy(r => r.Type, StringComparer.Ordinal).ThenByDescending(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, rows);
    }

    [Fact]
    public async Task Every_type_of_row_can_be_fetched_again_by_its_global_id()
    {
        var data = await DataAsync(_client, """
            {
              sources(first: 1) { nodes { id } } areas(first: 1) { nodes { id } } offenceCategories(first: 1) { nodes { id } }
              crimeFigures(first: 1) { nodes { id } } indicators(first: 1) { nodes { id } } targets(first: 1) { nodes { id } }
              priorities(first: 1) { nodes { id } } actions(first: 1) { nodes { id } } assessmentScores(first: 1) { nodes { id } }
              risks(first: 1) { nodes { id } } releases(first: 1) { nodes { id } }
            }
            """);
        var ids = data.Select(p => (string)p.Value!["nodes"]![0]!["id"]!).ToList();

        var fetched = await DataAsync(_client, "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }", new { ids });

        var types = fetched["nodes"]!.AsArray().Select(n => (string)n!["__typename"]!).ToList();
        Assert.Equal(["Source", "Area", "OffenceCategory", "CrimeFigure", "Indicator", "Target", "Priority", "Action", "AssessmentScore", "Risk", "Release"], types);
        Assert.Equal(ids, fetched["nodes"]!.AsArray().Select(n => (string)n!["id"]!));
    }

    [Fact]
    public async Task A_global_id_is_base64_of_type_name_and_key_and_an_unknown_one_is_null()
    {
        var id = Convert.ToBase64String("Target:mpa-lps-kc-2010-t001"u8.ToArray());

        var data = await DataAsync(_client, $$"""{ node(id: "{{id}}") { ... on Target { key subject } } missing: node(id: "{{Convert.ToBase64String("Target:nope"u8.ToArray())}}") { id } }""");

        Assert.Equal("mpa-lps-kc-2010-t001", (string)data["node"]!["key"]!);
        Assert.Null(data["missing"]);
    }

    [Theory]
    [InlineData("area_code=E09000020&from=2019-06&to=2021-03&police_uk=burglary", "areaCode: \"E09000020\", from: \"2019-06\", to: \"2021-03\", policeUk: \"burglary\"")]
    [InlineData("area_code=E09000020&from=2013-01&to=2013-05", "areaCode: \"E09000020\", from: \"2013-01\", to: \"2013-05\"")]
    [InlineData("area_code=E05009388&from=2022-10&to=2023-07&category=mps-title-case-burglary-domestic-burglary", "areaCode: \"E05009388\", from: \"2022-10\", to: \"2023-07\", category: \"mps-title-case-burglary-domestic-burglary\"")]
    public async Task The_crime_series_is_the_same_as_the_rest_series(string restQuery, string graphArguments)
    {
        var rest = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/crime-figures/series?{restQuery}"))!["data"]!;

        var data = await DataAsync(_client, $$"""
            { crimeSeries({{graphArguments}}) {
                areaCode areaName areaType from to category categoryIds gaps coverage { from to } note
                wardSetChanges { month previousMonth fromSet toSet codesBefore codesAfter }
                months { month value figures basis nullReason revised download wardSet revisions { download wardSet value currentValue sourceId } } } }
            """);

        var expected = AsGraphQLRow(rest);
        expected["wardSetChanges"] = new JsonArray(expected["wardSetChanges"]!.AsArray().Select(c => (JsonNode)AsGraphQLRow(c!)).ToArray());
        expected["months"] = new JsonArray(expected["months"]!.AsArray().Select(m =>
        {
            var month = AsGraphQLRow(m!);
            var revisions = month["revisions"]!.AsArray().Select(r => (JsonNode)AsGraphQLRow(r!)).ToArray();
            month["revisions"] = new JsonArray(revisions);
            return (JsonNode)month;
        }).ToArray());
        var series = data["crimeSeries"]!.AsObject();
        Assert.True(JsonNode.DeepEquals(Reordered(expected, series), series), $"REST:\n{Pretty(expected)}\nGraphQL:\n{Pretty(series)}");
    }

    [Fact]
    public async Task Crime_figure_connections_show_current_figures_unless_superseded_ones_are_asked_for()
    {
        var data = await DataAsync(_client, """
            {
              current: crimeFigures { totalCount }
              everything: crimeFigures(includeSuperseded: true) { totalCount }
              superseded: crimeFigures(where: { isCurrent: { eq: false } }) { totalCount }
            }
            """);
        var rest = JsonNode.Parse(await _client.GetStringAsync("/api/v1/crime-figures?limit=1&total=true"))!;

        Assert.Equal((long)rest["meta"]!["total"]!, (long)data["current"]!["totalCount"]!);
        Assert.Equal((int)data["everything"]!["totalCount"]!, (int)data["current"]!["totalCount"]! + (int)data["superseded"]!["totalCount"]!);
    }

    [Fact]
    public async Task Relations_are_navigable_both_ways()
    {
        var data = await DataAsync(_client, """
            { offenceCategory(key: "police-uk-burglary") { name mpsCategories(first: 3) { totalCount nodes { policeUk { key } parent { children { nodes { key } } } } } } }
            """);

        var mapped = data["offenceCategory"]!["mpsCategories"]!;
        Assert.True((int)mapped["totalCount"]! > 0);
        Assert.All(mapped["nodes"]!.AsArray(), n => Assert.Equal("police-uk-burglary", (string)n!["policeUk"]!["key"]!));
    }

    [Fact]
    public async Task A_page_size_out_of_range_is_a_bad_user_input_error_naming_the_argument()
    {
        var error = await ErrorAsync(_client, "{ areas(first: 5000) { nodes { code } } }");

        Assert.Equal("BAD_USER_INPUT", (string)error["extensions"]!["code"]!);
        Assert.Equal("first", (string)error["extensions"]!["argument"]!);
        Assert.Contains("1000", (string)error["message"]!);
        Assert.Equal("areas", (string)error["path"]![0]!);
    }

    [Fact]
    public async Task A_cursor_that_this_server_did_not_make_is_a_bad_user_input_error()
    {
        var error = await ErrorAsync(_client, """{ areas(after: "bm90LWEtY3Vyc29y") { nodes { code } } }""");

        Assert.Equal("BAD_USER_INPUT", (string)error["extensions"]!["code"]!);
        Assert.Equal("after", (string)error["extensions"]!["argument"]!);
    }

    [Theory]
    [InlineData("areas", "[\"AAAAAAAAAAAA\",1e400]")]
    [InlineData("targets", "[\"AAAAAAAAAAAA\",-1e400]")]
    [InlineData("areas", "[\"AAAAAAAAAAAA\",\"\\ud800\"]")]
    [InlineData("areas", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public async Task A_forged_cursor_holding_values_no_cursor_holds_is_a_bad_user_input_error(string field, string json)
    {
        var cursor = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(json));
        foreach (var argument in new[] { "after", "before" })
        {
            var error = await ErrorAsync(_client, $"query($c: String) {{ {field}({argument}: $c) {{ nodes {{ __typename }} }} }}", new { c = cursor });

            Assert.Equal("BAD_USER_INPUT", (string)error["extensions"]!["code"]!);
            Assert.Equal(argument, (string)error["extensions"]!["argument"]!);
        }
    }

    [Theory]
    [InlineData("""{ areas(where: { boundarySet: { eq: "1999" } }) { nodes { code } } }""")]
    [InlineData("""{ areas(where: { type: { in: ["ward", "nosuch"] } }) { nodes { code } } }""")]
    public async Task A_value_outside_a_closed_set_is_a_bad_user_input_error_as_in_rest(string query)
    {
        var error = await ErrorAsync(_client, query);

        Assert.Equal("BAD_USER_INPUT", (string)error["extensions"]!["code"]!);
        Assert.Contains("one of", (string)error["message"]!);
    }

    [Fact]
    public async Task A_date_that_is_not_a_date_is_rejected_before_execution()
    {
        var error = await ErrorAsync(_client, """{ targets(where: { periodStart: { eq: "2009-13-01" } }) { totalCount } }""");

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", (string)error["extensions"]!["code"]!);
        Assert.Contains("LocalDate", (string)error["message"]!);
    }

    [Fact]
    public async Task Too_deep_a_query_is_refused_with_a_clear_error()
    {
        var error = await ErrorAsync(_client, "{ area(code: \"E05009388\") { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } } } } } } } } }");

        Assert.Equal("MAX_DEPTH_EXCEEDED", (string)error["extensions"]!["code"]!);
        Assert.Contains("depth", (string)error["message"]!);
    }

    [Fact]
    public async Task Too_many_aliases_are_refused_with_a_clear_error()
    {
        var query = "{ " + string.Join(" ", Enumerable.Range(0, 60).Select(i => $"a{i}: area(code: \"E09000020\") {{ name }}")) + " }";

        var error = await ErrorAsync(_client, query);

        Assert.Equal("MAX_ALIASES_EXCEEDED", (string)error["extensions"]!["code"]!);
    }

    [Fact]
    public async Task Too_costly_a_query_is_refused_before_it_runs()
    {
        var error = await ErrorAsync(_client, "{ areas(first: 1000) { nodes { children(first: 1000) { nodes { crimeFigures(first: 1000) { nodes { key value area { name } } } } } } } }");

        Assert.Equal("MAX_COST_EXCEEDED", (string)error["extensions"]!["code"]!);
        Assert.Contains("cost", (string)error["message"]!);
    }

    [Fact]
    public async Task The_catalogue_lists_every_dataset_with_its_graphql_type_and_row_count()
    {
        var data = await DataAsync(_client, "{ datasets { name typeName rowCount fields { name graphQLName } } }");
        var rest = JsonNode.Parse(await _client.GetStringAsync("/api/v1/datasets"))!["data"]!.AsArray();

        Assert.Equal(rest.Select(d => (string)d!["name"]!), data["datasets"]!.AsArray().Select(d => (string)d!["name"]!));
        Assert.Equal(rest.Select(d => (long)d!["row_count"]!), data["datasets"]!.AsArray().Select(d => (long)d!["rowCount"]!));
    }

    [Fact]
    public async Task Every_foreign_key_of_the_catalogue_is_a_field_both_ways_and_resolves_the_row_it_names()
    {
        var data = await DataAsync(_client, "{ datasets { name typeName foreignKeys { field dataset reference inverse } } }");
        var datasets = data["datasets"]!.AsArray();
        var typeOf = datasets.ToDictionary(d => (string)d!["name"]!, d => (string)d!["typeName"]!);
        var rest = JsonNode.Parse(await _client.GetStringAsync("/api/v1/datasets"))!["data"]!.AsArray()
            .ToDictionary(d => (string)d!["name"]!, d => d!["foreign_keys"]!.AsArray().Select(k => (string)k!["dataset"]!).ToList());
        var checkedKeys = 0;
        foreach (var dataset in datasets)
        {
            var type = (string)dataset!["typeName"]!;
            var keys = dataset["foreignKeys"]!.AsArray();
            Assert.Equal(rest[(string)dataset["name"]!], keys.Select(k => (string)k!["dataset"]!));
            foreach (var key in keys)
            {
                var target = typeOf[(string)key!["dataset"]!];
                var fields = await FieldsAsync(type);
                Assert.Equal(target, fields[(string)key["reference"]!]);
                Assert.Equal(type + "Connection", (await FieldsAsync(target))[(string)key["inverse"]!]);
                checkedKeys++;
            }
        }
        Assert.True(checkedKeys >= 25, $"{checkedKeys} foreign keys");

        // And they resolve: a funding figure's action names it back.
        var funding = await DataAsync(_client, """
            { fundingFigure(key: "rbkc-bsc-2019-m003") { amountText actionId action { key fundingFigures { nodes { key } } } } }
            """);
        var figure = funding["fundingFigure"]!;
        Assert.Equal("from £1.2 million to £1 million", (string)figure["amountText"]!);
        Assert.Equal((string)figure["actionId"]!, (string)figure["action"]!["key"]!);
        Assert.Contains("rbkc-bsc-2019-m003", figure["action"]!["fundingFigures"]!["nodes"]!.AsArray().Select(n => (string)n!["key"]!));
    }

    /// <summary>A type's fields and the named type each returns (unwrapped).</summary>
    private async Task<Dictionary<string, string>> FieldsAsync(string type)
    {
        var data = await DataAsync(_client, $$"""{ __type(name: "{{type}}") { fields { name type { name ofType { name ofType { name } } } } } }""");
        return data["__type"]!["fields"]!.AsArray().ToDictionary(f => (string)f!["name"]!, f =>
        {
            var t = f!["type"]!;
            while ((string?)t["name"] is null) t = t["ofType"]!;
            return (string)t["name"]!;
        });
    }

    private async Task<List<string>> CodesAsync(string arguments)
    {
        var data = await DataAsync(_client, $"{{ areas({arguments}) {{ nodes {{ code }} }} }}");
        return data["areas"]!["nodes"]!.AsArray().Select(n => (string)n!["code"]!).ToList();
    }

    private async Task<List<string>> RestCodesAsync(string url) =>
        JsonNode.Parse(await _client.GetStringAsync(url))!["data"]!.AsArray().Select(n => (string)n!["code"]!).ToList();

    /// <summary>The REST document's properties in the order of the GraphQL selection (JSON objects are unordered).</summary>
    private static JsonObject Reordered(JsonObject rest, JsonObject graph)
    {
        var result = new JsonObject();
        foreach (var (name, value) in graph)
        {
            var restValue = rest[name];
            result[name] = restValue switch
            {
                JsonObject o when value is JsonObject g => Reordered(o, g),
                JsonArray a when value is JsonArray g => new JsonArray(a.Select((item, i) => item is JsonObject o && g[i] is JsonObject go ? (JsonNode)Reordered(o, go) : item?.DeepClone()).ToArray()),
                _ => restValue?.DeepClone(),
            };
        }
        return result;
    }
}
