using Microsoft.Extensions.DependencyInjection;
using System.Net;
using OpenData.Query;

namespace OpenData.Tests.Rest;

/// <summary>
/// A filter has at most Query:MaxFilterTerms terms (100 by default): a longer in/nin list, or more filter values
/// together, is a 400 filter-too-complex naming the parameter and the limit, on listings, exports and aggregates,
/// before the database sees it.
/// </summary>
public sealed class FilterLimitTests(TestApp app) : RestTest(app)
{
    private readonly IServiceProvider _services = app.Services;

    private static string Codes(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => $"E05{i:000000}"));

    [Theory]
    [InlineData("/api/v1/areas?code__in={0}", "code__in")]
    [InlineData("/api/v1/areas?code__nin={0}&format=csv", "code__nin")]
    [InlineData("/api/v1/crime-figures?area_code__in={0}", "area_code__in")]
    public async Task An_in_list_over_the_limit_is_a_400_naming_the_parameter_and_the_limit(string url, string parameter)
    {
        var problem = await GetProblemAsync(string.Format(url, Codes(101)), HttpStatusCode.BadRequest, "filter-too-complex");
        var message = (string)problem["errors"]![parameter]![0]!;
        Assert.Contains("101 values", message);
        Assert.Contains("at most 100", message);
    }

    [Fact]
    public async Task An_aggregate_area_list_over_the_limit_is_a_400_naming_area_code_and_the_limit()
    {
        // The aggregates take a plain list of areas (no filter grammar); its length has the same limit.
        using var response = await GetAsync("/api/v1/crime-figures/aggregates?group_by=area&area_code=" + Codes(101));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("At most 100 areas", (string)problem["errors"]!["area_code"]![0]!);
        // At the limit it is read (codes that are no area simply have no counts).
        using var allowed = await GetAsync("/api/v1/crime-figures/aggregates?group_by=area&area_code=" + Codes(100));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Lists_that_are_each_allowed_are_counted_together()
    {
        var problem = await GetProblemAsync($"/api/v1/areas?code__in={Codes(60)}&parent_code__nin={Codes(60)}", HttpStatusCode.BadRequest, "filter-too-complex");
        var message = (string)problem["errors"]!["filter"]![0]!;
        Assert.Contains("120 terms", message);
    }

    [Fact]
    public async Task A_list_at_the_limit_is_answered()
    {
        var page = await GetJsonAsync($"/api/v1/areas?code__in=E05009388,{Codes(99)}");
        Assert.Contains("E05009388", page["data"]!.AsArray().Select(a => (string)a!["code"]!));
    }

    [Fact]
    public void The_query_layer_counts_conditions_and_list_values_and_nesting()
    {
        var options = new QueryOptions { MaxFilterTerms = 5, MaxFilterDepth = 2 };
        FilterLimits.Check(FilterNode.And(FilterNode.Where("a", FilterOperator.In, new[] { 1, 2, 3 }), FilterNode.Where("b", FilterOperator.Eq, 1), FilterNode.Where("c", FilterOperator.Eq, 1)), options);

        var total = Assert.Throws<QueryException>(() => FilterLimits.Check(
            FilterNode.And(FilterNode.Where("a", FilterOperator.In, new[] { 1, 2, 3 }), FilterNode.Where("b", FilterOperator.Nin, "x,y,z")), options));
        Assert.Equal(new FilterComplexity(FilterPart.Filter, null, 6, 5), total.Errors.Single().Complexity);
        Assert.Equal(QueryErrorKind.FilterTooComplex, total.Errors.Single().Kind);

        var list = Assert.Throws<QueryException>(() => FilterLimits.Check(new ConditionFilter("a", FilterOperator.In, new[] { 1, 2, 3, 4, 5, 6 }) { Origin = "a__in" }, options));
        Assert.Equal(new FilterComplexity(FilterPart.List, "a__in", 6, 5), list.Errors.Single().Complexity);

        var or = new OrFilter(Enumerable.Range(0, 999).Select(i => FilterNode.Where("a", FilterOperator.Eq, i)).ToList()) { Origin = "where.or" };
        var group = Assert.Throws<QueryException>(() => FilterLimits.Check(or, options));
        Assert.Equal(new FilterComplexity(FilterPart.Group, "where.or", 999, 5), group.Errors.Single().Complexity);

        var leaf = FilterNode.Where("a", FilterOperator.Eq, 1);
        var deep = new OrFilter([leaf, new AndFilter([leaf, new OrFilter([leaf, leaf]) { Origin = "inner" }])]);
        var depth = Assert.Throws<QueryException>(() => FilterLimits.Check(deep, options));
        Assert.Equal(new FilterComplexity(FilterPart.Depth, "inner", 3, 2), depth.Errors.Single().Complexity);
    }

    [Fact]
    public async Task The_query_layer_holds_an_aggregate_s_filter_to_the_limit_whichever_front_door_asks()
    {
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenData.Store.OpenDataDbContext>();
        var analysis = scope.ServiceProvider.GetRequiredService<CrimeFigureAnalysis>();
        var codes = Enumerable.Range(0, 101).Select(i => $"E05{i:000000}").ToArray();

        var refused = await Assert.ThrowsAsync<QueryException>(() => analysis.AggregateAsync(db,
            new AggregateQuery { GroupBy = [AggregateKey.Area], AreaCodes = codes }));
        Assert.Equal(QueryErrorKind.InvalidParameter, refused.Errors.Single().Kind);
    }
}
