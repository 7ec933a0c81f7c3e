using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OpenData.Tests.Site;

[Collection(SiteBrowserCollection.Name)]
public sealed class MapPageTests(SiteBrowser site, ITestOutputHelper output)
{
    private const string Query = "police_uk=burglary&from=2024-01&to=2024-03&boundary_set=2022";

    [BrowserFact]
    public async Task The_map_draws_one_shape_per_ward_of_the_set_and_missing_wards_as_missing_in_map_and_table()
    {
        var features = await MapFeaturesAsync(Query);
        await using var browser = await site.NewPageAsync();
        var clock = Stopwatch.StartNew();
        var response = await browser.GoAsync("/map?" + Query);
        Assert.Equal(200, response.Status);
        var shapes = browser.Page.Locator("#ward-map svg path[data-area-code]");
        await shapes.First.WaitForAsync();
        output.WriteLine($"/map?{Query}: drawn {clock.ElapsedMilliseconds} ms after navigation (script: {await browser.Page.Locator("#ward-map").GetAttributeAsync("data-drawn-ms")} ms)");

        // One shape per ward of the set, each the ward it says.
        var drawn = await shapes.EvaluateAllAsync<string[]>("ps => ps.map(p => p.getAttribute('data-area-code') + '|' + p.getAttribute('data-class') + '|' + p.getAttribute('fill'))");
        Assert.Equal(features.Count, drawn.Length);
        Assert.Equal(features.Select(f => f.Code).Order(StringComparer.Ordinal), drawn.Select(d => d.Split('|')[0]).Order(StringComparer.Ordinal));

        // Missing wards are hatched, never the palette's lightest (zero) colour; wards with figures are coloured.
        var missing = features.Where(f => f.Value is null).Select(f => f.Code).ToHashSet();
        Assert.NotEmpty(missing);
        foreach (var shape in drawn.Select(d => d.Split('|')))
        {
            if (missing.Contains(shape[0])) Assert.Equal(["missing", "url(#hatch)"], shape[1..]);
            else Assert.Matches("^#[0-9a-f]{6}$", shape[2]);
        }
        // ...and listed as missing, with the reason, in the table (never 0).
        foreach (var code in missing)
        {
            var row = await browser.Page.Locator($"tr[data-area-code='{code}']").InnerTextAsync();
            Assert.Contains("missing: not published", row);
        }
        var tableRows = await browser.Page.Locator("table.wards tr[data-area-code]").CountAsync();
        Assert.Equal(features.Count, tableRows);

        // The legend lists the class breaks the map uses, and the missing entry.
        var breaks = (await browser.Page.Locator("#ward-map").GetAttributeAsync("data-breaks"))!.Split(',').Select(b => double.Parse(b, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, breaks.Count);
        var legend = await browser.Page.Locator("ul.legend li").AllInnerTextsAsync();
        Assert.Equal(6, legend.Count);
        for (var i = 0; i < breaks.Count; i++)
        {
            Assert.EndsWith(" to " + breaks[i].ToString("N0", CultureInfo.InvariantCulture), legend[i]);
            Assert.StartsWith("over " + breaks[i].ToString("N0", CultureInfo.InvariantCulture), legend[i + 1]);
        }
        Assert.Equal("no figures (gap / not published)", legend[^1]);
        // Each ward's class is the one its value falls in.
        var values = features.Where(f => f.Value is not null).ToDictionary(f => f.Code, f => f.Value!.Value);
        foreach (var shape in drawn.Select(d => d.Split('|')).Where(s => values.ContainsKey(s[0])))
        {
            Assert.Equal(breaks.Count(b => values[shape[0]] > b).ToString(CultureInfo.InvariantCulture), shape[1]);
        }

        await browser.ScreenshotAsync("map");
        Assert.Empty(browser.Problems);
        Assert.Empty(await browser.AxeViolationsAsync());
    }

    [BrowserFact]
    public async Task Hovering_a_ward_names_it_and_clicking_it_opens_its_profile()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync("/map?" + Query);
        var abingdon = browser.Page.Locator("#ward-map path[data-area-code='E05009388']");
        await abingdon.HoverAsync(new LocatorHoverOptions { Force = true });
        Assert.StartsWith("Abingdon: ", await browser.Page.Locator(".map-readout").InnerTextAsync());
        Assert.True(await browser.Page.Locator(".map-tip").IsVisibleAsync());
        Assert.StartsWith("Abingdon: ", await browser.Page.Locator(".map-tip").InnerTextAsync());
        Assert.StartsWith("Abingdon: ", await abingdon.Locator("title").TextContentAsync());

        await abingdon.ClickAsync(new LocatorClickOptions { Force = true });
        await browser.Page.WaitForURLAsync(site.BaseUrl + "/areas/E05009388");
        Assert.StartsWith("Abingdon", await browser.Page.Locator("h1").InnerTextAsync());
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task A_ward_reached_by_keyboard_is_named_and_Enter_opens_its_profile()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync("/map?" + Query + "&borough=E09000020");
        // The chosen borough's wards only: the ones its table lists.
        Assert.Equal(await browser.Page.Locator("table.wards tr[data-area-code]").CountAsync(), await browser.Page.Locator("#ward-map path[data-area-code]").CountAsync());
        // Tab from the link before the map lands on the first ward, outlined (the focus ring of a shape) and named.
        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "Skip the map: every ward's figure is in the table below" }).FocusAsync();
        await browser.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("a", await browser.Page.EvaluateAsync<string>("document.activeElement.localName"));
        Assert.Equal(await browser.Page.EvaluateAsync<string>("document.activeElement.querySelector('path').getAttribute('d')"),
            await browser.Page.Locator("#ward-map path.ward-halo").GetAttributeAsync("d"));
        var readout = await browser.Page.Locator(".map-readout").InnerTextAsync();
        var name = readout[..readout.IndexOf(':', StringComparison.Ordinal)];
        await browser.Page.Keyboard.PressAsync("Enter");
        await browser.Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/areas/E05"));
        Assert.StartsWith(name, await browser.Page.Locator("h1").InnerTextAsync());
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task The_map_page_is_at_most_50_kB_gzipped_cached_like_the_api_and_says_what_is_wrong_with_a_bad_query()
    {
        using var app = new TestApp();
        using var client = app.CreateClient();
        foreach (var path in new[] { "/map", "/map?" + Query, "/map?" + Query + "&measure=rate" })
        {
            var (response, _, _) = await PageWeight.GetAsync(client, path);
            await PageWeight.AssertRevalidatedAsync(client, path, response);
        }

        // Months no download covers: every ward is missing, with the reason, and none is a 0.
        var gap = await client.GetStringAsync("/map?from=2019-09&to=2019-10");
        var rows = System.Text.RegularExpressions.Regex.Matches(gap, "<tr data-area-code=\"[^\"]+\">.*?</tr>").Select(m => m.Value).ToList();
        Assert.True(rows.Count > 600, $"{rows.Count} ward rows");
        Assert.All(rows, row => Assert.Contains("missing: coverage gap", row));
        Assert.DoesNotContain("<td class=\"num\">0</td>", gap);

        using var bad = await client.GetAsync("/map?police_uk=nope&from=2024-13");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("text/html", bad.Content.Headers.ContentType!.MediaType);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("from must be a month, YYYY-MM", body);
        Assert.Contains("is not a police.uk category", body);
        Assert.DoesNotContain("   at ", body);
    }

    private async Task<List<(string Code, double? Value)>> MapFeaturesAsync(string query)
    {
        using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        var geojson = JsonNode.Parse(await http.GetStringAsync("/api/v1/crime-figures/map?" + query))!;
        return [.. geojson["features"]!.AsArray().Select(f => ((string)f!["properties"]!["area_code"]!, (double?)f["properties"]!["value"]))];
    }
}
