using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace OpenData.Tests.Site;

[Collection(SiteBrowserCollection.Name)]
public sealed class AreaProfilePageTests(SiteBrowser site)
{
    // Abingdon, a Kensington and Chelsea ward: figures from 2017-03, with the 2019-08..2020-03 coverage gap.
    private const string Ward = "E05009388";
    private const string Borough = "E09000020";

    [BrowserFact]
    public async Task A_ward_profile_shows_its_series_with_the_gap_marked_its_change_its_rank_and_its_boroughs_targets()
    {
        using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        var series = JsonNode.Parse(await http.GetStringAsync($"/api/v1/crime-figures/series?area_code={Ward}"))!["data"]!;
        var gapMonths = series["months"]!.AsArray().Where(m => (string?)m!["null_reason"] == "gap").Select(m => (string)m!["month"]!).ToList();
        Assert.Equal("2019-08", gapMonths[0]);
        Assert.Equal("2020-03", gapMonths[^1]);

        await using var browser = await site.NewPageAsync();
        var response = await browser.GoAsync($"/areas/{Ward}");
        Assert.Equal(200, response.Status);
        Assert.Equal("Abingdon (ward)", await browser.Page.Locator("h1").InnerTextAsync());
        Assert.True(await browser.Page.GetByRole(AriaRole.Link, new() { Name = "Kensington and Chelsea" }).First.IsVisibleAsync());

        // The chart: one image with a description, the gap a labelled break in the line.
        var chart = browser.Page.Locator("svg.chart[role='img']");
        Assert.True(await chart.IsVisibleAsync());
        Assert.Equal(series["months"]!.AsArray().Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await chart.GetAttributeAsync("data-months"));
        Assert.Contains("Aug 2019 to Mar 2020: gap", await chart.Locator("title").TextContentAsync());
        var gap = chart.Locator("g.chart-missing[data-reason='gap']");
        Assert.Equal(1, await gap.CountAsync());
        Assert.Equal("2019-08", await gap.GetAttributeAsync("data-from"));
        Assert.Equal("2020-03", await gap.GetAttributeAsync("data-to"));
        Assert.Equal("gap", await gap.Locator("text").TextContentAsync());
        // The line has a separate segment on each side of the gap (it is not drawn through it, nor down to 0).
        var line = await chart.Locator("path.chart-line").GetAttributeAsync("d");
        Assert.True(line!.Count(c => c == 'M') >= 2);
        Assert.True(await chart.Locator("path.chart-revision").CountAsync() > 0);

        // The months as a table: the gap months are missing with their reason, never 0.
        await browser.Page.Locator("details.series-table summary").ClickAsync();
        var gapRow = await browser.Page.Locator("details.series-table tr", new() { HasText = "Dec 2019" }).InnerTextAsync();
        Assert.Contains("missing: coverage gap", gapRow);

        var yoy = await browser.Page.Locator("p.yoy").InnerTextAsync();
        Assert.Matches(@"^In the 12 months to Nov 2024: [\d,]+, (up|down) [\d,]+ \([+−][\d.]+%\) on the 12 months before \([\d,]+\)\.$", yoy);
        var rank = await browser.Page.Locator("#rank + p").InnerTextAsync();
        Assert.Matches(@"\d+(st|nd|rd|th) of 18 by number of crimes", rank);
        Assert.Matches(@"\d+(st|nd|rd|th) of 18 by crimes per 1,000 residents", rank);

        // The borough's targets, each linking to its row and its place in the source document.
        var targets = browser.Page.Locator("#targets + .scroll table tbody tr");
        Assert.True(await targets.CountAsync() > 0);
        Assert.StartsWith("/datasets/targets/", await targets.First.Locator("th a").GetAttributeAsync("href"));
        Assert.StartsWith("/sources/", await targets.First.Locator("td a").Last.GetAttributeAsync("href"));

        await browser.ScreenshotAsync("ward-profile");
        Assert.Empty(browser.Problems);
        Assert.Empty(await browser.AxeViolationsAsync());
    }

    [BrowserFact]
    public async Task A_borough_profile_lists_its_wards_its_documents_and_takes_a_category()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync($"/areas/{Borough}");
        Assert.Equal("Kensington and Chelsea (borough)", await browser.Page.Locator("h1").InnerTextAsync());
        Assert.Equal(18, await browser.Page.Locator("#wards + .scroll table tbody tr").CountAsync());
        Assert.True(await browser.Page.Locator("#sources + ul li").CountAsync() > 0);
        Assert.True(await browser.Page.Locator("#priorities + ul li").CountAsync() > 0);
        Assert.True(await browser.Page.Locator("#actions + ul li").CountAsync() > 0);
        await browser.ScreenshotAsync("borough-profile");
        Assert.Empty(browser.Problems);
        Assert.Empty(await browser.AxeViolationsAsync());

        await browser.Page.Locator("#police_uk").SelectOptionAsync("burglary");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await browser.Page.WaitForURLAsync(site.BaseUrl + $"/areas/{Borough}?police_uk=burglary");
        Assert.Equal("Burglary month by month", await browser.Page.Locator("#crime").InnerTextAsync());
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task An_unknown_area_is_the_friendly_404_page()
    {
        await using var browser = await site.NewPageAsync();
        var response = await browser.GoAsync("/areas/E99999999");
        Assert.Equal(404, response.Status);
        Assert.Equal("Page not found", await browser.Page.Locator("h1").InnerTextAsync());
        Assert.Contains("No area has the code E99999999.", await browser.Page.Locator("main").InnerTextAsync());
        Assert.True(await browser.Page.GetByRole(AriaRole.Link, new() { Name = "the ward map" }).IsVisibleAsync());
        Assert.Empty(browser.ProblemsExcept("404"));
        Assert.Empty(await browser.AxeViolationsAsync());
    }

    [Fact]
    public async Task Profiles_are_at_most_50_kB_gzipped_and_cached_like_the_api()
    {
        using var app = new TestApp();
        using var client = app.CreateClient();
        foreach (var path in new[] { $"/areas/{Ward}", $"/areas/{Borough}", $"/areas/{Borough}?police_uk=burglary" })
        {
            var (response, _, _) = await PageWeight.GetAsync(client, path);
            await PageWeight.AssertRevalidatedAsync(client, path, response);
        }
        using var bad = await client.GetAsync($"/areas/{Ward}?police_uk=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is not a police.uk category", await bad.Content.ReadAsStringAsync());
    }
}
