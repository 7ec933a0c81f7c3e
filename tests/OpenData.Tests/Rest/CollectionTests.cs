using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>What every collection shares: filters, sort, field selection, keyset paging, totals, CSV.</summary>
public sealed class CollectionTests(TestApp app) : RestTest(app)
{
    [Fact]
    public async Task A_collection_names_its_release_links_and_default_sort()
    {
        using var response = await GetAsync("/api/v1/areas?type=ward&boundary_set=2014&parent_code=E09000020&fields=code,name&limit=2");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var next = (string)body["links"]!["next"]!;
        JsonAssert.Equal($$"""
            {
              "data": [
                { "code": "E05009388", "name": "Abingdon", "links": {
                    "self": "/api/v1/areas/E05009388", "parent": "/api/v1/areas/E09000020", "source": "/api/v1/sources/ons-wards-2022",
                    "sources": "/api/v1/sources?area_code=E05009388", "children": "/api/v1/areas?parent_code=E05009388",
                    "crime_figures": "/api/v1/crime-figures?area_code=E05009388", "targets": "/api/v1/targets?area_code=E05009388",
                    "priorities": "/api/v1/priorities?area_code=E05009388", "actions": "/api/v1/actions?area_code=E05009388",
                    "funding_figures": "/api/v1/funding-figures?area_code=E05009388", "population": "/api/v1/populations?area_code=E05009388", "boundary": "/api/v1/areas/E05009388/boundary",
                    "crime_series": "/api/v1/crime-figures/series?area_code=E05009388" } },
                { "code": "E05009389", "name": "Brompton & Hans Town", "links": {
                    "self": "/api/v1/areas/E05009389", "parent": "/api/v1/areas/E09000020", "source": "/api/v1/sources/ons-wards-2022",
                    "sources": "/api/v1/sources?area_code=E05009389", "children": "/api/v1/areas?parent_code=E05009389",
                    "crime_figures": "/api/v1/crime-figures?area_code=E05009389", "targets": "/api/v1/targets?area_code=E05009389",
                    "priorities": "/api/v1/priorities?area_code=E05009389", "actions": "/api/v1/actions?area_code=E05009389",
                    "funding_figures": "/api/v1/funding-figures?area_code=E05009389", "population": "/api/v1/populations?area_code=E05009389", "boundary": "/api/v1/areas/E05009389/boundary",
                    "crime_series": "/api/v1/crime-figures/series?area_code=E05009389" } }
              ],
              "links": { "self": "/api/v1/areas?type=ward&boundary_set=2014&parent_code=E09000020&fields=code,name&limit=2", "next": "{{next}}" },
              "meta": { "dataset": "areas", "release": { "id": "*" }, "limit": 2, "sort": ["code"] }
            }
            """, body);
        Assert.StartsWith("/api/v1/areas?type=ward&boundary_set=2014&parent_code=E09000020&fields=code,name&limit=2&cursor=", next);
        Assert.Equal($"<{next}>; rel=\"next\"", response.Headers.GetValues("Link").Single());
        Assert.Equal((string?)body["meta"]!["release"]!["id"]!.ToString(), response.Headers.GetValues("X-Data-Release").Single());
    }

    [Fact]
    public async Task The_last_page_has_no_next_link_and_total_counts_the_matches()
    {
        using var response = await GetAsync("/api/v1/areas?type=ward&boundary_set=2014&parent_code=E09000020&total=true&limit=18");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(18, body["data"]!.AsArray().Count);
        Assert.Equal(18, (int)body["meta"]!["total"]!);
        Assert.Null(body["links"]!["next"]);
        Assert.False(response.Headers.Contains("Link"));
    }

    [Theory]
    [InlineData("/api/v1/crime-figures?area_code=E09000020&period_start__gte=2006-01-01&period_start__lt=2008-01-01", 7)]
    [InlineData("/api/v1/crime-figures?area_code=E09000020&sort=-value,category_id", 13)]
    [InlineData("/api/v1/areas?parent_code__in=E09000020,E12000007,E92000001&sort=-parent_code,boundary_set", 9)]
    [InlineData("/api/v1/actions?sort=due_date,-status", 25)]
    [InlineData("/api/v1/targets?sort=-meets_target", 4)]
    public async Task Walking_the_next_links_returns_every_row_once_in_the_unpaged_order(string url, int limit)
    {
        var all = await ReadAllAsync(url + "&limit=1000");
        var walked = new List<string>();
        string? next = url + $"&limit={limit}";
        var pages = 0;
        while (next is not null)
        {
            var page = await GetJsonAsync(next);
            walked.AddRange(page["data"]!.AsArray().Select(Self));
            next = (string?)page["links"]!["next"];
            Assert.True(++pages < 10_000, "paging does not end");
        }
        Assert.Equal(walked.Count, walked.Distinct().Count());
        Assert.Equal(all, walked);
        Assert.True(pages > 1, "the walk should span several pages");
    }

    [Fact]
    public async Task Every_action_is_reached_by_paging_and_by_the_csv_export()
    {
        // actions is the largest row dataset behind the generic collection routes (the MPS monthly counts are read
        // through the crime-figures analyses, not as rows).
        var csv = Csv.Parse(await Client.GetStringAsync("/api/v1/actions?format=csv&fields=id"));
        var exported = csv.Skip(1).Select(r => r[0]).ToList();
        var walked = new List<string>();
        string? next = "/api/v1/actions?fields=id&limit=100";
        var pages = 0;
        while (next is not null)
        {
            var page = await GetJsonAsync(next);
            walked.AddRange(page["data"]!.AsArray().Select(r => (string)r!["id"]!));
            next = (string?)page["links"]!["next"];
            pages++;
        }
        Assert.True(exported.Count > 300, $"expected every action, got {exported.Count}");
        Assert.True(pages > 3, $"expected several pages, got {pages}");
        Assert.Equal(exported, walked);
        var total = await GetJsonAsync("/api/v1/actions?total=true&limit=1");
        Assert.Equal(exported.Count, (int)total["meta"]!["total"]!);
    }

    public static TheoryData<string> Datasets() => new(OpenData.Query.DatasetCatalog.All.Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task The_csv_export_holds_the_same_rows_and_values_as_json(string dataset)
    {
        var json = await GetJsonAsync($"/api/v1/{dataset}?limit=1000");
        using var response = await GetAsync($"/api/v1/{dataset}?limit=1000", accept: "text/csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"attachment; filename={dataset.Replace('-', '_')}.csv; filename*=UTF-8''{dataset.Replace('-', '_')}.csv",
            response.Content.Headers.ContentDisposition?.ToString());
        var rows = Csv.Parse(await response.Content.ReadAsStringAsync());
        var header = rows[0];
        var data = json["data"]!.AsArray();
        Assert.Equal(data.Count, rows.Count - 1);
        Assert.Equal(data[0]!.AsObject().Select(p => p.Key).Where(k => k != "links"), header);
        for (var i = 0; i < data.Count; i++)
        {
            for (var c = 0; c < header.Length; c++)
            {
                Assert.Equal(CsvText(data[i]![header[c]]), rows[i + 1][c]);
            }
        }
    }

    [Fact]
    public async Task Csv_follows_fields_sort_and_filters_and_can_start_with_a_byte_order_mark()
    {
        var bytes = await Client.GetByteArrayAsync("/api/v1/areas?type=ward&boundary_set=2014&parent_code=E09000020&fields=name,code&sort=-code&format=csv&bom=true");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        var rows = Csv.Parse(text);
        Assert.Equal(["name", "code"], rows[0]);
        Assert.Equal(19, rows.Count);
        Assert.Equal("E05009405", rows[1][1]);
        Assert.Equal(["Abingdon", "E05009388"], rows[^1]);
        Assert.EndsWith("\r\n", text);
    }

    [Fact]
    public async Task Csv_with_a_limit_exports_that_many_rows()
    {
        var rows = Csv.Parse(await Client.GetStringAsync("/api/v1/crime-figures?format=csv&limit=5&fields=id"));
        Assert.Equal(6, rows.Count);
    }

    [Theory]
    [InlineData("/api/v1/areas?type=ward&boundary_set=2014&parent_code=E09000020", 18)]
    [InlineData("/api/v1/areas?type__in=borough,region", 35)]
    [InlineData("/api/v1/areas?type=ward&boundary_set__ne=2014&parent_code=E09000020", 18)]
    [InlineData("/api/v1/areas?type=ward&boundary_set__ne=2014&parent_code=E09000008", 28)]
    [InlineData("/api/v1/areas?type=ward&name__startswith=ab&parent_code=E09000020", 2)]
    [InlineData("/api/v1/areas?type=ward&name__contains=COURT&boundary_set=2014&parent_code=E09000020", 2)]
    [InlineData("/api/v1/areas?type=ward&name__endswith=town&boundary_set=2014&parent_code=E09000020", 1)]
    [InlineData("/api/v1/areas?type=ward&hectares__gt=100&hectares__lte=120&boundary_set=2014&parent_code=E09000020", 3)]
    [InlineData("/api/v1/areas?type=ward&valid_to__isnull=true&parent_code=E09000020", 18)]
    [InlineData("/api/v1/areas?type=ward&valid_to__isnull=false&parent_code=E09000020", 18)]
    [InlineData("/api/v1/areas?parent_code=E09000020&type__nin=ward,borough", 15)]
    [InlineData("/api/v1/areas?code__in=E05009388,E05009389", 2)]
    [InlineData("/api/v1/crime-figures?area_code=E09000020&measure=count", 47)]
    [InlineData("/api/v1/crime-figures?area_code=E09000020&measure=count&period_start__gte=2006-01-01&period_start__lt=2007-01-01", 21)]
    [InlineData("/api/v1/crime-figures?area_code=E09000020&measure=count&period_start__gte=2006-01-01&period_start__lt=2007-01-01&unit=offences", 17)]
    public async Task Filters_combine_with_and(string url, int expected)
    {
        var body = await GetJsonAsync(url + "&total=true");
        Assert.Equal(expected, (int)body["meta"]!["total"]!);
        Assert.Equal(expected, body["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Crime_figures_are_the_document_figures_all_current()
    {
        // The MPS downloads' revisions are crime_counts now (see the series' revisions); crime-figures holds the
        // figures of documents, none superseded: asking for superseded figures adds none.
        var current = await GetJsonAsync("/api/v1/crime-figures?total=true&limit=1");
        var everything = await GetJsonAsync("/api/v1/crime-figures?include_superseded=true&total=true&limit=1");
        var superseded = await GetJsonAsync("/api/v1/crime-figures?is_current=false&total=true&limit=1");
        Assert.True((int)current["meta"]!["total"]! > 100);
        Assert.Equal((int)current["meta"]!["total"]!, (int)everything["meta"]!["total"]!);
        Assert.Equal(0, (int)superseded["meta"]!["total"]!);
    }

    [Fact]
    public async Task Sorting_is_deterministic_with_the_key_as_tiebreak()
    {
        var body = await GetJsonAsync("/api/v1/areas?sort=type,-name&fields=type,name,code&limit=1000");
        var rows = body["data"]!.AsArray().Select(r => (Type: (string)r!["type"]!, Name: (string)r["name"]!)).ToList();
        var expected = rows.OrderBy(r => r.Type, StringComparer.Ordinal).ThenByDescending(r => r.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, rows);
        Assert.Equal(["type", "-name", "code"], body["meta"]!["sort"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task Nulls_sort_first_ascending_and_last_descending()
    {
        var ascending = await GetJsonAsync("/api/v1/areas?parent_code=E09000020&sort=boundary_set&fields=boundary_set&limit=1000");
        var descending = await GetJsonAsync("/api/v1/areas?parent_code=E09000020&sort=-boundary_set&fields=boundary_set&limit=1000");
        Assert.Null(ascending["data"]![0]!["boundary_set"]);
        Assert.Equal("2014", (string?)ascending["data"]!.AsArray().Last()!["boundary_set"]);
        Assert.Equal("2014", (string?)descending["data"]![0]!["boundary_set"]);
        Assert.Null(descending["data"]!.AsArray().Last()!["boundary_set"]);
    }

    [Fact]
    public async Task Action_search_ignores_case()
    {
        var lower = await GetJsonAsync("/api/v1/actions?q=youth&total=true&fields=text,objective,theme&limit=1000");
        var upper = await GetJsonAsync("/api/v1/actions?q=YOUTH&total=true&fields=text,objective,theme&limit=1000");
        Assert.Equal((int)lower["meta"]!["total"]!, (int)upper["meta"]!["total"]!);
        Assert.True((int)lower["meta"]!["total"]! > 0);
        var narrowed = await GetJsonAsync("/api/v1/actions?q=youth&kind=action&total=true&limit=1");
        Assert.True((int)narrowed["meta"]!["total"]! <= (int)lower["meta"]!["total"]!);
    }

    [Fact]
    public async Task Actions_filter_by_due_date()
    {
        var body = await GetJsonAsync("/api/v1/actions?due_date__gte=2019-01-01&due_date__lt=2020-01-01&fields=due_date&limit=1000");
        Assert.NotEmpty(body["data"]!.AsArray());
        foreach (var row in body["data"]!.AsArray())
        {
            var due = DateOnly.Parse((string)row!["due_date"]!, CultureInfo.InvariantCulture);
            Assert.InRange(due, new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31));
        }
    }

    private async Task<List<string>> ReadAllAsync(string url)
    {
        var body = await GetJsonAsync(url);
        Assert.Null(body["links"]!["next"]);
        return body["data"]!.AsArray().Select(Self).ToList();
    }

    private static string Self(JsonNode? row) => (string)row!["links"]!["self"]!;

    private static string CsvText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    };
}
