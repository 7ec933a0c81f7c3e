using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.GraphQL;

/// <summary>
/// The cost limit (GraphQL:MaxCost, 100,000) estimates what a query could read: a connection multiplies its nodes
/// and edges by first or last (the default page size, 100, when neither is given), so nesting multiplies, and
/// unpaged lists count what they hold at most. Queries an application makes pass; ones that could read the store
/// many times over are refused before they run.
/// </summary>
public sealed class CostLimitTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_thousand_areas_with_a_thousand_figures_each_is_estimated_at_a_million_and_refused()
    {
        var error = await ErrorAsync(_client, "{ areas(first: 1000) { nodes { crimeFigures(first: 1000) { nodes { value } } } } }");

        Assert.Equal("MAX_COST_EXCEEDED", (string)error["extensions"]!["code"]!);
        // areas 1 + its nodes 1 + 1000 x (crimeFigures 1 + its nodes 1 + 1000 x value 1).
        Assert.Contains("Query cost 1002002 exceeds the maximum allowed cost of 100000", (string)error["message"]!);
    }

    [Theory]
    [InlineData("{ areas(first: 1000) { edges { node { crimeFigures(last: 1000) { edges { cursor node { value } } } } } } }")]
    [InlineData("query($n: Int) { areas(first: $n) { nodes { crimeFigures(first: $n) { nodes { value } } } } }")]
    [InlineData("{ areas { nodes { children { nodes { targets { nodes { key } } } } } } }")]
    [InlineData("{ sources(first: 50) { nodes { crimeFigures(first: 100) { nodes { key supersedes(first: 100) { nodes { key } } } } } } }")]
    public async Task Edges_variables_default_page_sizes_and_deep_nesting_multiply_the_same_way(string query)
    {
        var error = await ErrorAsync(_client, query, new { n = 1000 });

        Assert.Equal("MAX_COST_EXCEEDED", (string)error["extensions"]!["code"]!);
    }

    [Theory]
    [InlineData("{ areas(first: 10) { nodes { code children(first: 10) { nodes { code targets(first: 10) { totalCount nodes { key subject area { name } source { title } } } } } } } }")]
    [InlineData("{ sources(first: 10) { nodes { title crimeFigures(first: 10) { edges { cursor node { value category { name policeUk { name } } } } } } } }")]
    [InlineData("{ areas { totalCount nodes { code name parent { name } } } }")]
    [InlineData("{ datasets { name rowCount fields { name type } sources { title } licences { name } } }")]
    [InlineData("{ crimeSeries(areaCode: \"E05009388\", from: \"2021-01\", to: \"2021-03\") { months { month value download wardSet revisions { download wardSet value currentValue } } } }")]
    public async Task Queries_an_application_makes_three_levels_deep_with_ten_per_level_pass(string query)
    {
        var data = await DataAsync(_client, query);

        Assert.NotEmpty(data);
    }

    [Fact]
    public async Task Nodes_by_id_cost_one_object_per_id()
    {
        var ids = string.Join(", ", Enumerable.Range(0, 150).Select(_ => "\"QXJlYTpFMDkwMDAwMjA=\""));
        var nested = "... on Area { crimeFigures(first: 1000) { nodes { value } } }";

        // One id: about a thousand; 150 ids: about 150,000.
        var few = await PostAsync(_client, $"{{ nodes(ids: [\"QXJlYTpFMDkwMDAwMjA=\"]) {{ id {nested} }} }}");
        var many = await ErrorAsync(_client, $"{{ nodes(ids: [{ids}]) {{ id {nested} }} }}");

        Assert.Null(few["errors"]);
        Assert.Equal("MAX_COST_EXCEEDED", (string)many["extensions"]!["code"]!);
    }

    private static string AliasedSeries(int count) =>
        "{ " + string.Join(" ", Enumerable.Range(0, count).Select(i => $"s{i}: crimeSeries(areaCode: \"E05009388\", from: \"2021-01\", to: \"2021-03\") {{ areaCode months {{ month value }} }}")) + " }";

    [Fact]
    public async Task A_handful_of_crime_series_pass_and_fifty_aliased_ones_are_refused_by_their_cost()
    {
        // A series is computed, so it costs 15,000 on top of its selection (see CrimeFigureGraph.SeriesCost).
        var handful = await DataAsync(_client, AliasedSeries(5));
        var fifty = await ErrorAsync(_client, AliasedSeries(50));

        Assert.Equal(5, handful.Count);
        Assert.Equal("MAX_COST_EXCEEDED", (string)fifty["extensions"]!["code"]!);
    }

    [Fact]
    public async Task Graphiqls_introspection_query_passes_the_default_limits()
    {
        // graphql-js 16 getIntrospectionQuery with every option GraphiQL turns on.
        var query = File.ReadAllText(RepositoryFiles.InRepository("tests", "OpenData.GraphQL.Tests", "Fixtures", "introspection-query.graphql"));

        var data = await DataAsync(_client, query);

        Assert.NotEmpty(data["__schema"]!["types"]!.AsArray());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task The_introspection_bomb_is_refused_before_it_runs(int roots)
    {
        // The issue's reproducer: introspection fragments eight aliases wide per level, under two or four __schema roots.
        var fragments = new List<string> { "fragment T0 on __Type { name kind }" };
        for (int level = 1; level <= 2; level++)
        {
            fragments.Add($"fragment F{level} on __Field {{ " + string.Join(" ", Enumerable.Range(0, 8).Select(i => $"t{level}_{i}: type {{ ...T{level - 1} }}")) + " }");
            fragments.Add($"fragment T{level} on __Type {{ name " + string.Join(" ", Enumerable.Range(0, 8).Select(i => $"f{level}_{i}: fields {{ name ...F{level} }}")) + " }");
        }
        var query = "{ " + string.Join(" ", Enumerable.Range(0, roots).Select(i => $"s{i}: __schema {{ types {{ ...T2 }} }}")) + " } " + string.Join(" ", fragments);

        var error = await ErrorAsync(_client, query);

        Assert.Contains((string)error["extensions"]!["code"]!, new[] { "MAX_ALIASES_EXCEEDED", "MAX_COST_EXCEEDED" });
    }
}
