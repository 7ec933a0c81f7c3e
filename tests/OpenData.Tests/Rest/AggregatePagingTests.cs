using System.Net;
using System.Text.Json.Nodes;

namespace OpenData.Tests.Rest;

/// <summary>Aggregates page like collections: limit, an opaque cursor in links.next and the Link header, total=true.</summary>
public sealed class AggregatePagingTests(TestApp app) : RestTest(app)
{
    // Two wards: about 240 rows, so walking it 17 at a time is some fifteen pages (each page computes the aggregate).
    private const string Query = "/api/v1/crime-figures/aggregates?group_by=area,police_uk,period&period=quarter&from=2022-01&to=2023-12&area_code=E05009388,E05009389";

    [Fact]
    public async Task The_next_links_walk_every_row_of_the_aggregate_once_in_order()
    {
        var everything = Csv.Parse(await Client.GetStringAsync(Query + "&format=csv"));
        int Column(string name) => Array.IndexOf(everything[0], name);
        var expected = everything.Skip(1).Select(r => string.Join("|", r[Column("area_code")], r[Column("police_uk_id")], r[Column("period")], r[Column("value")])).ToList();
        Assert.True(expected.Count > 50, $"The aggregate should span several pages; it has {expected.Count} rows.");

        var walked = new List<string>();
        string? url = Query + "&limit=17&total=true";
        var pages = 0;
        while (url is not null)
        {
            using var response = await Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var rows = page["data"]!.AsArray();
            Assert.InRange(rows.Count, 1, 17);
            walked.AddRange(rows.Select(r => string.Join("|", (string?)r!["area_code"], (string?)r["police_uk_id"], (string?)r["period"], ((double)r["value"]!).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.Equal(17, (int)page["meta"]!["limit"]!);
            Assert.Equal(expected.Count, (int)page["meta"]!["total"]!);
            url = (string?)page["links"]!["next"];
            if (url is null) Assert.False(response.Headers.Contains("Link"));
            else Assert.Equal($"<{url}>; rel=\"next\"", Assert.Single(response.Headers.GetValues("Link")));
            pages++;
        }

        Assert.Equal((expected.Count + 16) / 17, pages);
        Assert.Equal(expected, walked);
    }

    [Fact]
    public async Task Without_limit_a_page_has_the_default_size_and_no_total()
    {
        var page = await GetJsonAsync(Query);
        Assert.Equal(100, page["data"]!.AsArray().Count);
        Assert.Equal(100, (int)page["meta"]!["limit"]!);
        Assert.Null(page["meta"]!["total"]);
        Assert.NotNull((string?)page["links"]!["next"]);
    }

    [Fact]
    public async Task A_csv_export_with_limit_has_that_many_rows_and_continues_from_a_cursor()
    {
        var first = await GetJsonAsync(Query + "&limit=5");
        var cursor = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + (string)first["links"]!["next"]!).Query)["cursor"];
        var csv = Csv.Parse(await Client.GetStringAsync(Query + "&format=csv&limit=3&cursor=" + Uri.EscapeDataString(cursor!)));
        Assert.Equal(4, csv.Count);
        var second = await GetJsonAsync(Query + "&limit=3&cursor=" + Uri.EscapeDataString(cursor!));
        Assert.Equal(second["data"]!.AsArray().Select(r => (string?)r!["period"]), csv.Skip(1).Select(r => r[Array.IndexOf(csv[0], "period")]));
    }

    [Fact]
    public async Task A_cursor_only_continues_the_grouping_it_came_from()
    {
        var byArea = await GetJsonAsync("/api/v1/crime-figures/aggregates?group_by=area&limit=2");
        var cursor = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + (string)byArea["links"]!["next"]!).Query)["cursor"];

        await GetProblemAsync("/api/v1/crime-figures/aggregates?group_by=category&limit=2&cursor=" + Uri.EscapeDataString(cursor!), HttpStatusCode.BadRequest, "invalid-cursor",
            title: "Invalid cursor", invalidParams: ["cursor"]);
        var edited = cursor![..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];
        await GetProblemAsync("/api/v1/crime-figures/aggregates?group_by=area&limit=2&cursor=" + Uri.EscapeDataString(edited), HttpStatusCode.BadRequest, "invalid-cursor",
            invalidParams: ["cursor"]);
    }
}
