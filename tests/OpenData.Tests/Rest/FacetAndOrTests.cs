using System.Net;
using System.Text.Json.Nodes;
using OpenData.Query;

namespace OpenData.Tests.Rest;

/// <summary>facet=field (value counts in meta.facets) and or.N.field=value (OR across fields), read back as a user
/// would: against the filtered collection's own total and rows.</summary>
public sealed class FacetAndOrTests(TestApp app) : RestTest(app)
{
    /// <summary>The count of rows a facet value stands for, asked the plain way: a filter and total=true.</summary>
    private async Task<long> TotalAsync(string path, string filter)
    {
        var body = await GetJsonAsync($"{path}{(path.Contains('?') ? '&' : '?')}{filter}{(filter.Length > 0 ? "&" : "")}total=true&limit=1");
        return (long)body["meta"]!["total"]!;
    }

    private static string FilterFor(string field, JsonNode? value) =>
        value is null ? $"{field}__isnull=true" : $"{field}__eq={Uri.EscapeDataString(value.ToJsonString().Trim('"'))}";

    [Fact]
    public async Task Each_facet_count_is_the_total_of_the_collection_filtered_to_that_value()
    {
        const string path = "/api/v1/actions?area_code=E09000020";
        var body = await GetJsonAsync(path + "&facet=kind&facet=approach&facet=priority_id&facet=nrf_funded&total=true&limit=1");
        var facets = body["meta"]!["facets"]!.AsObject();
        Assert.Equal(["kind", "approach", "priority_id", "nrf_funded"], facets.Select(f => f.Key));
        foreach (var (field, facet) in facets)
        {
            var values = facet!["values"]!.AsArray();
            Assert.NotEmpty(values);
            Assert.False((bool)facet["truncated"]!);
            // Untruncated, the counts (a null value for the empty rows) add up to the filtered total.
            Assert.Equal((long)body["meta"]!["total"]!, values.Sum(v => (long)v!["count"]!));
            var counts = values.Select(v => (long)v!["count"]!).ToList();
            Assert.Equal(counts.OrderByDescending(c => c), counts);
            foreach (var value in values)
            {
                Assert.Equal((long)value!["count"]!, await TotalAsync(path, FilterFor(field, value["value"])));
            }
        }
    }

    [Fact]
    public async Task Facets_follow_the_other_filters_and_ignore_the_cursor()
    {
        var first = await GetJsonAsync("/api/v1/actions?kind=activity&facet=approach&total=true&limit=5");
        var values = first["meta"]!["facets"]!["approach"]!["values"]!.AsArray();
        Assert.Equal((long)first["meta"]!["total"]!, values.Sum(v => (long)v!["count"]!));
        var all = await GetJsonAsync("/api/v1/actions?facet=approach&total=true&limit=5");
        Assert.True((long)all["meta"]!["total"]! > (long)first["meta"]!["total"]!);
        // The next page counts the same selection, not what is left after the cursor.
        var next = await GetJsonAsync((string)first["links"]!["next"]!);
        Assert.Equal(values.ToJsonString(), next["meta"]!["facets"]!["approach"]!["values"]!.ToJsonString());
    }

    [Fact]
    public async Task Every_facetable_field_of_every_collection_counts_its_rows()
    {
        foreach (var dataset in DatasetCatalog.All)
        {
            var path = "/api/v1/" + dataset.Name;
            var total = await TotalAsync(path, "");
            foreach (var field in Facets.Facetable(dataset))
            {
                var body = await GetJsonAsync($"{path}?facet={field.Name}&limit=1");
                var facet = body["meta"]!["facets"]![field.Name]!;
                var values = facet["values"]!.AsArray();
                if (total == 0) continue;
                var top = values[0]!;
                Assert.Equal((long)top["count"]!, await TotalAsync(path, FilterFor(field.Name, top["value"])));
                if (!(bool)facet["truncated"]!) Assert.Equal(total, values.Sum(v => (long)v!["count"]!));
            }
        }
    }

    [Fact]
    public async Task A_facet_longer_than_the_maximum_is_cut_and_says_so()
    {
        using var small = new TestApp(new Dictionary<string, string?> { ["Query:MaxFacetValues"] = "2" });
        using var client = small.CreateClient();
        var body = JsonNode.Parse(await client.GetStringAsync("/api/v1/actions?facet=kind&facet=rag&limit=1"))!;
        var kind = body["meta"]!["facets"]!["kind"]!;
        Assert.Equal(2, kind["values"]!.AsArray().Count);
        Assert.True((bool)kind["truncated"]!);
        var full = await GetJsonAsync("/api/v1/actions?facet=kind&limit=1");
        Assert.Equal(full["meta"]!["facets"]!["kind"]!["values"]!.AsArray().Take(2).Select(v => v!.ToJsonString()), kind["values"]!.AsArray().Select(v => v!.ToJsonString()));
    }

    [Theory]
    [InlineData("/api/v1/actions?facet=text", "text is not a closed-set or linked field")]
    [InlineData("/api/v1/actions?facet=lead", "facets of actions: area_code, kind, priority_id, approach, rag, nrf_funded, source_id")]
    [InlineData("/api/v1/actions?facet=knd", "did you mean kind?")]
    [InlineData("/api/v1/actions?facet=kind&facet=kind", "facet=kind is given twice")]
    [InlineData("/api/v1/actions?facet=id", "not a closed-set or linked field")]
    [InlineData("/api/v1/actions?facet=kind&format=csv", "JSON pages only")]
    public async Task A_facet_that_cannot_be_counted_is_a_400_naming_the_facetable_fields(string url, string expected)
    {
        var problem = await GetProblemAsync(url, HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.Contains(expected, (string)problem["errors"]!["facet"]![0]!);
    }

    [Fact]
    public async Task Each_facet_costs_its_tokens_against_the_rate_limit()
    {
        using var limited = new TestApp(new Dictionary<string, string?> { ["RateLimit:PermitLimit"] = "100", ["RateLimit:WindowSeconds"] = "3600", ["RateLimit:FacetRequestCost"] = "3" });
        using var client = limited.CreateClient();
        static int Remaining(HttpResponseMessage response) => int.Parse(response.Headers.GetValues("RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture);
        using var plain = await client.GetAsync("/api/v1/actions?limit=1&total=true");
        using var faceted = await client.GetAsync("/api/v1/actions?limit=1&facet=kind&facet=rag");
        Assert.Equal(HttpStatusCode.OK, faceted.StatusCode);
        Assert.Equal(99, Remaining(plain));
        // One token for the page, three for each facet (a token refills every 36 s: at most one while the test runs).
        Assert.InRange(Remaining(faceted), 99 - 7, 99 - 7 + 1);
    }

    private async Task<HashSet<string>> IdsAsync(string url)
    {
        var body = await GetJsonAsync(url + (url.Contains('?') ? "&" : "?") + "fields=id&limit=1000");
        Assert.Null(body["links"]!["next"]);
        return body["data"]!.AsArray().Select(r => (string)r!["id"]!).ToHashSet();
    }

    [Theory]
    [InlineData("kind=issue", "rag=green")]
    [InlineData("kind=achievement", "approach__in=enforcement,early_intervention&due_date__gte=2020-01-01")]
    [InlineData("status__isnull=false", "nrf_funded=true")]
    public async Task An_or_of_groups_is_the_union_of_the_groups_asked_alone(string one, string other)
    {
        static string Grouped(string group, string filters) => string.Join("&", filters.Split('&').Select(f => $"or.{group}.{f}"));
        var union = (await IdsAsync("/api/v1/actions?" + one)).Union(await IdsAsync("/api/v1/actions?" + other)).ToHashSet();
        var or = await IdsAsync($"/api/v1/actions?{Grouped("1", one)}&{Grouped("2", other)}");
        Assert.NotEmpty(or);
        Assert.Equal(union.Order(), or.Order());
    }

    [Fact]
    public async Task An_or_is_anded_with_the_other_filters()
    {
        var or = await IdsAsync("/api/v1/actions?or.1.kind=issue&or.2.approach=enforcement&area_code=E09000020");
        var expected = (await IdsAsync("/api/v1/actions?kind=issue&area_code=E09000020"))
            .Union(await IdsAsync("/api/v1/actions?approach=enforcement&area_code=E09000020")).ToHashSet();
        Assert.Equal(expected.Order(), or.Order());
        Assert.True(or.Count < (await IdsAsync("/api/v1/actions?or.1.kind=issue&or.2.approach=enforcement")).Count);
    }

    [Fact]
    public async Task The_aggregates_route_takes_a_list_of_areas_not_or_groups()
    {
        // The aggregates read the MPS monthly counts, not crime-figures rows: they have no filter grammar. A list of
        // areas is area_code=a,b; an or group is refused, naming the parameter as sent.
        var list = await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=area&area_code=E05009388,E05009389");
        Assert.Equal(["E05009388", "E05009389"], list["data"]!.AsArray().Select(r => (string)r!["area_code"]!).Distinct());

        using var response = await GetAsync("/api/v1/crime-figures/aggregates?group_by=area&or.1.area_code=E05009388&or.2.area_code=E05009389");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]!["or.1.area_code"]);
    }

    [Theory]
    [InlineData("/api/v1/actions?or.1.rag=blue", "or.1.rag", "one of")]
    [InlineData("/api/v1/actions?or.1.due_date__gt=soon", "or.1.due_date__gt", "")]
    [InlineData("/api/v1/actions?or.one.kind=issue", "or.one.kind", "or.N.field=value")]
    [InlineData("/api/v1/actions?or.1.kind=issue&or.1.kind=action", "or.1.kind", "may be given once")]
    [InlineData("/api/v1/actions?or.1.knd=issue", "or.1.knd", "did you mean kind")]
    [InlineData("/api/v1/actions?or.1.kind__like=issue", "or.1.kind__like", "Unknown operator")]
    public async Task A_bad_or_condition_is_a_400_naming_the_parameter_as_sent(string url, string parameter, string expected)
    {
        using var response = await GetAsync(url);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (string)problem["errors"]![parameter]![0]!);
    }

    [Fact]
    public async Task The_filter_limits_count_the_or_groups()
    {
        var url = "/api/v1/actions?" + string.Join("&", Enumerable.Range(1, 101).Select(i => $"or.{i}.kind=issue"));
        var problem = await GetProblemAsync(url, HttpStatusCode.BadRequest, "filter-too-complex");
        Assert.Contains("100", problem.ToJsonString());
    }
}
