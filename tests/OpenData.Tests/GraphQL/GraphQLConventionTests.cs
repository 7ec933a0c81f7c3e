using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenData.Api.GraphQL.Scalars;
using OpenData.GraphQL;
using static OpenData.Tests.GraphQL.GraphQLClient;
using OpenData.Tests.Http;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// The HotChocolate conventions a client relies on beyond the shape of the schema: sort keys in the order written,
/// errors confined to the field at fault, first: 0, null in comparisons, GraphQL names in messages and descriptions,
/// spec-conformant DateTime values, and the area relations.
/// </summary>
public sealed class GraphQLConventionTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    /// <summary>The borough's document figures: the largest set of crime figures one area has (the wards' monthly counts are not rows).</summary>
    private const string BoroughFigures = """crimeFigures(first: 1000, where: { areaCode: { eq: "E09000020" }, value: { neq: null } }""";

    private sealed record Figure(string Key, double Value, string PeriodStart);

    private static List<Figure> Figures(JsonNode connection) =>
        connection["nodes"]!.AsArray().Select(n => new Figure((string)n!["key"]!, (double)n["value"]!, (string)n["periodStart"]!)).ToList();

    private static List<Figure> ValueThenPeriod(List<Figure> rows) =>
        rows.OrderByDescending(r => r.Value).ThenBy(r => r.PeriodStart, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();

    private static List<Figure> PeriodThenValue(List<Figure> rows) =>
        rows.OrderBy(r => r.PeriodStart, StringComparer.Ordinal).ThenByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();

    [Fact]
    public async Task The_fields_of_one_sort_object_apply_in_the_order_written_in_a_literal()
    {
        var data = await DataAsync(_client, $$"""
            {
              a: {{BoroughFigures}}, order: { value: DESC, periodStart: ASC }) { nodes { key value periodStart } }
              b: {{BoroughFigures}}, order: { periodStart: ASC, value: DESC }) { nodes { key value periodStart } }
              c: {{BoroughFigures}}, order: [{ periodStart: DESC, key: ASC }]) { nodes { key value periodStart } }
            }
            """);

        var a = Figures(data["a"]!);
        var b = Figures(data["b"]!);
        var c = Figures(data["c"]!);
        Assert.True(a.Count > 100);
        Assert.Equal(ValueThenPeriod(a), a);
        Assert.Equal(PeriodThenValue(b), b);
        Assert.NotEqual(a, b);
        Assert.Equal(c.OrderByDescending(r => r.PeriodStart, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal).ToList(), c);
        Assert.NotEqual(c.OrderBy(r => r.Key, StringComparer.Ordinal).ToList(), c);
    }

    [Fact]
    public async Task The_fields_of_one_sort_object_apply_in_the_json_key_order_of_a_variable()
    {
        var query = $$"""query ($order: [CrimeFigureSortInput!]) { x: {{BoroughFigures}}, order: $order) { nodes { key value periodStart } } }""";

        var valueFirst = Figures((await DataAsync(_client, query, JsonNode.Parse("""{ "order": [{ "value": "DESC", "periodStart": "ASC" }] }""")))["x"]!);
        var periodFirst = Figures((await DataAsync(_client, query, JsonNode.Parse("""{ "order": { "periodStart": "ASC", "value": "DESC" } }""")))["x"]!);

        Assert.Equal(ValueThenPeriod(valueFirst), valueFirst);
        Assert.Equal(PeriodThenValue(periodFirst), periodFirst);
        Assert.NotEqual(valueFirst, periodFirst);
    }

    [Theory]
    [InlineData("""areas(first: -1) { totalCount }""", "first")]
    [InlineData("""areas(after: "bm90LWEtY3Vyc29y") { totalCount }""", "after")]
    public async Task A_bad_connection_argument_nulls_that_connection_only(string connection, string argument)
    {
        var response = await PostAsync(_client, $$"""{ bad: {{connection}} area(code: "E05009388") { name } }""");

        var error = response["errors"]!.AsArray().Single()!;
        Assert.Equal(argument, (string)error["extensions"]!["argument"]!);
        Assert.Equal("""["bad"]""", error["path"]!.ToJsonString());
        Assert.Null(response["data"]!["bad"]);
        Assert.Equal("Abingdon", (string)response["data"]!["area"]!["name"]!);
    }

    [Fact]
    public async Task A_bad_argument_of_a_nested_connection_nulls_that_connection_and_keeps_its_parent()
    {
        var response = await PostAsync(_client, """{ area(code: "E09000020") { name children(first: 5000) { totalCount } } }""");

        Assert.Equal("""["area","children"]""", response["errors"]![0]!["path"]!.ToJsonString());
        Assert.Equal("Kensington and Chelsea", (string)response["data"]!["area"]!["name"]!);
        Assert.Null(response["data"]!["area"]!["children"]);
    }

    [Fact]
    public async Task A_malformed_id_in_nodes_is_null_at_its_index_with_an_error_and_the_other_ids_are_fetched()
    {
        var response = await PostAsync(_client, """{ d: nodes(ids: ["Zm9v", "QXJlYTpFMDUwMDkzODg=", "QXJlYTpub3Bl"]) { id } x: area(code: "E05009388") { name } }""");

        var error = response["errors"]!.AsArray().Single()!;
        Assert.Equal("""["d",0]""", error["path"]!.ToJsonString());
        Assert.Equal("BAD_USER_INPUT", (string)error["extensions"]!["code"]!);
        Assert.Equal("""[null,{"id":"QXJlYTpFMDUwMDkzODg="},null]""", response["data"]!["d"]!.ToJsonString());
        Assert.Equal("Abingdon", (string)response["data"]!["x"]!["name"]!);
    }

    [Fact]
    public async Task First_zero_and_last_zero_count_without_rows_and_tell_whether_there_are_more()
    {
        var data = await DataAsync(_client, """
            {
              all: areas(first: 1000) { totalCount }
              head: areas(first: 0) { totalCount nodes { code } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
              tail: areas(last: 0) { totalCount nodes { code } pageInfo { hasNextPage hasPreviousPage } }
              borough: area(code: "E09000020") { children(first: 0) { totalCount nodes { code } } all: children(first: 1000) { totalCount } }
            }
            """);

        var total = (int)data["all"]!["totalCount"]!;
        Assert.True(total > 0);
        Assert.Equal(total, (int)data["head"]!["totalCount"]!);
        Assert.Empty(data["head"]!["nodes"]!.AsArray());
        Assert.Empty(data["head"]!["edges"]!.AsArray());
        Assert.Equal("""{"hasNextPage":true,"hasPreviousPage":false,"startCursor":null,"endCursor":null}""", data["head"]!["pageInfo"]!.ToJsonString());
        Assert.Equal(total, (int)data["tail"]!["totalCount"]!);
        Assert.Empty(data["tail"]!["nodes"]!.AsArray());
        Assert.Equal("""{"hasNextPage":false,"hasPreviousPage":true}""", data["tail"]!["pageInfo"]!.ToJsonString());
        Assert.Equal((int)data["borough"]!["all"]!["totalCount"]!, (int)data["borough"]!["children"]!["totalCount"]!);
        Assert.Empty(data["borough"]!["children"]!["nodes"]!.AsArray());

        var negative = await ErrorAsync(_client, "{ areas(last: -1) { totalCount } }");
        Assert.Equal("last", (string)negative["extensions"]!["argument"]!);
        Assert.Contains("between 0 and 1000", (string)negative["message"]!);
        // REST's limit keeps its own range.
        using var restLimit = await _client.GetAsync("/api/v1/areas?limit=0");
        await ProblemAssert.IsProblemAsync(restLimit, 400, "invalid-parameter", invalidParams: ["limit"]);
    }

    [Theory]
    [InlineData("dueDate: { gt: null }", "gt")]
    [InlineData("text: { contains: null }", "contains")]
    [InlineData("theme: { in: null }", "in")]
    public async Task Null_in_an_operation_other_than_eq_and_neq_is_an_error_not_every_row(string condition, string operation)
    {
        var response = await PostAsync(_client, $$"""{ actions(where: { {{condition}} }) { totalCount } }""");

        var error = response["errors"]!.AsArray().Single()!;
        Assert.Equal("BAD_USER_INPUT", (string)error["extensions"]!["code"]!);
        Assert.EndsWith("." + operation, (string)error["extensions"]!["argument"]!);
        Assert.Contains("null", (string)error["message"]!);
        Assert.Null(response["data"]!["actions"]);

        // null keeps its meaning in eq, neq and the elements of in.
        var data = await DataAsync(_client, """
            { all: actions { totalCount } empty: actions(where: { dueDate: { eq: null } }) { totalCount }
              present: actions(where: { dueDate: { neq: null } }) { totalCount } listed: actions(where: { dueDate: { in: [null] } }) { totalCount } }
            """);
        Assert.Equal((int)data["all"]!["totalCount"]!, (int)data["empty"]!["totalCount"]! + (int)data["present"]!["totalCount"]!);
        Assert.Equal((int)data["empty"]!["totalCount"]!, (int)data["listed"]!["totalCount"]!);
    }

    [Fact]
    public async Task Sort_and_cursor_errors_speak_of_graphql_arguments_not_rest_parameters()
    {
        var twice = await ErrorAsync(_client, "{ crimeFigures(order: [{ periodStart: DESC }, { periodStart: ASC }]) { totalCount } }");
        Assert.Equal("order", (string)twice["extensions"]!["argument"]!);
        Assert.Contains("periodStart appears twice", (string)twice["message"]!);
        Assert.DoesNotContain("period_start", (string)twice["message"]!);

        var cursor = await ErrorAsync(_client, """{ areas(after: "bm90LWEtY3Vyc29y") { totalCount } }""");
        Assert.DoesNotContain("link", (string)cursor["message"]!);
        Assert.Contains("endCursor", (string)cursor["message"]!);
    }

    [Fact]
    public async Task Field_descriptions_name_fields_by_their_graphql_names()
    {
        var data = await DataAsync(_client, "{ __schema { types { name fields { name description } inputFields { name description } } } }");

        var leaks = new List<string>();
        foreach (var type in data["__schema"]!["types"]!.AsArray())
        {
            var fields = (type!["fields"] ?? type["inputFields"]) as JsonArray;
            if (fields is null || ((string)type["name"]!).StartsWith("__", StringComparison.Ordinal)) continue;
            var snakeNames = fields.Select(f => (string)f!["name"]!).Where(n => n.Any(char.IsUpper))
                .Select(n => Regex.Replace(n, "[A-Z]", m => "_" + m.Value.ToLowerInvariant())).ToList();
            foreach (var field in fields)
            {
                var description = (string?)field!["description"] ?? "";
                leaks.AddRange(snakeNames.Where(s => Regex.IsMatch(description, $@"(?<![\w/.-]){s}(?![\w/-])")).Select(s => $"{type["name"]}.{field["name"]}: {s}"));
            }
        }
        Assert.Empty(leaks);

        var target = await DataAsync(_client, """{ __type(name: "Target") { fields { name description } } }""");
        var meetsTarget = (string)target["__type"]!["fields"]!.AsArray().Single(f => (string)f!["name"]! == "meetsTarget")!["description"]!;
        Assert.Contains("outcomeChangePercent <= targetChangePercent", meetsTarget);

        var area = await DataAsync(_client, """{ __type(name: "Area") { fields { name description } } }""");
        var hasBoundary = (string)area["__type"]!["fields"]!.AsArray().Single(f => (string)f!["name"]! == "hasBoundary")!["description"]!;
        Assert.Contains("`boundary`", hasBoundary);
    }

    [Fact]
    public async Task Date_times_have_exactly_three_fractional_digits_as_their_specification_asks()
    {
        var data = await DataAsync(_client, "{ releases(first: 1000) { nodes { key importedAt } } }");
        var rest = JsonNode.Parse(await _client.GetStringAsync("/api/v1/releases?limit=1000"))!["data"]!.AsArray()
            .ToDictionary(r => (int)r!["id"]!, r => (string)r!["imported_at"]!);

        var nodes = data["releases"]!["nodes"]!.AsArray();
        Assert.NotEmpty(nodes);
        foreach (var node in nodes)
        {
            var text = (string)node!["importedAt"]!;
            // One format in both front doors: UTC, exactly three fractional digits.
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$", text);
            Assert.Equal(text, rest[(int)node["key"]!]);
        }

        // Input follows the same specification: milliseconds and an offset, nothing looser.
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 9, 30, 0, 5, TimeSpan.Zero), Scalars.DateTime.ParseValue("2025-01-31T09:30:00.005Z"));
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 9, 30, 0, 0, TimeSpan.FromHours(1)), Scalars.DateTime.ParseValue("2025-01-31T09:30:00.000+01:00"));
        Assert.Throws<GraphQLException>(() => Scalars.DateTime.ParseValue("2025-01-31T09:30:00+00:00"));
        Assert.Throws<GraphQLException>(() => Scalars.DateTime.ParseValue("2025-01-31T09:30:00.1234567Z"));
    }

    [Fact]
    public async Task A_wards_targets_are_empty_as_described_and_its_boroughs_are_one_step_up()
    {
        var data = await DataAsync(_client, """
            { area(code: "E05009388") { targets { totalCount } parent { targets { totalCount } } }
              __type(name: "Area") { fields { name description } } }
            """);

        Assert.Equal(0, (int)data["area"]!["targets"]!["totalCount"]!);
        Assert.True((int)data["area"]!["parent"]!["targets"]!["totalCount"]! > 0);
        var description = (string)data["__type"]!["fields"]!.AsArray().Single(f => (string)f!["name"]! == "targets")!["description"]!;
        Assert.Contains("not for wards", description);
        Assert.Contains("through its parent", description);
    }

    [Fact]
    public async Task An_areas_crime_series_is_the_root_series_of_its_code()
    {
        var data = await DataAsync(_client, """
            {
              areas(first: 2, where: { code: { in: ["E05009388", "E09000020"] } }, order: [{ code: ASC }]) {
                nodes { code crimeSeries(from: "2020-08", to: "2021-03", policeUk: "burglary") { areaCode from to categoryIds gaps months { month value figures revised } } }
              }
              ward: crimeSeries(areaCode: "E05009388", from: "2020-08", to: "2021-03", policeUk: "burglary") { areaCode from to categoryIds gaps months { month value figures revised } }
              borough: crimeSeries(areaCode: "E09000020", from: "2020-08", to: "2021-03", policeUk: "burglary") { areaCode from to categoryIds gaps months { month value figures revised } }
            }
            """);

        var nodes = data["areas"]!["nodes"]!.AsArray();
        Assert.Equal(2, nodes.Count);
        Assert.Equal(8, data["ward"]!["months"]!.AsArray().Count);
        Assert.True(JsonNode.DeepEquals(data["ward"], nodes[0]!["crimeSeries"]), Pretty(nodes[0]));
        Assert.True(JsonNode.DeepEquals(data["borough"], nodes[1]!["crimeSeries"]), Pretty(nodes[1]));
        Assert.False(JsonNode.DeepEquals(data["ward"], data["borough"]));
    }

    [Fact]
    public async Task The_cost_limit_counts_a_series_per_area_listed()
    {
        var error = await ErrorAsync(_client, "{ areas(first: 1000) { nodes { crimeSeries { months { value } } } } }");

        Assert.Equal("MAX_COST_EXCEEDED", (string)error["extensions"]!["code"]!);
    }

    [Fact]
    public async Task The_schema_has_a_description_and_graphiql_opens_on_an_example_query()
    {
        var data = await DataAsync(_client, "{ __schema { description } }");
        Assert.Contains("Kensington and Chelsea", (string)data["__schema"]!["description"]!);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await _client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var defaultQuery = WebUtility.HtmlDecode(Regex.Match(html, "data-default-query=\"([^\"]*)\"").Groups[1].Value);
        Assert.Contains("area(code: \"E05009388\")", defaultQuery);

        // The example runs as it stands.
        var example = await DataAsync(_client, defaultQuery);
        Assert.Equal("Abingdon", (string)example["area"]!["name"]!);
        Assert.NotEmpty(example["area"]!["parent"]!["targets"]!["nodes"]!.AsArray());
    }
}
