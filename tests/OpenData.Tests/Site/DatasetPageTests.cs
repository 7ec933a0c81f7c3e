using System.Text.Json;
using Microsoft.Playwright;

namespace OpenData.Tests.Site;

/// <summary>The dataset, row and source pages as a reader uses them, in the browser.</summary>
[Collection(SiteBrowserCollection.Name)]
public sealed class DatasetPageTests(SiteBrowser site)
{
    /// <summary>The keys of the rows the table shows, in order.</summary>
    private static Task<IReadOnlyList<string>> KeysAsync(BrowserPage browser) =>
        browser.Page.Locator("table.rows tbody th[scope=row]").AllInnerTextsAsync();

    /// <summary>The keys the API gives for a query, in order.</summary>
    private async Task<List<string>> ApiKeysAsync(string query, string key = "id")
    {
        using var client = new HttpClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync(site.BaseUrl + query));
        return document.RootElement.GetProperty("data").EnumerateArray().Select(r => r.GetProperty(key).ToString()).ToList();
    }

    private static async Task<string> TotalAsync(BrowserPage browser) => await browser.Page.Locator("#total").InnerTextAsync();

    /// <summary>The API's count of a query, as the page words it ("33 targets").</summary>
    private async Task<string> ApiTotalAsync(string query, string noun)
    {
        using var client = new HttpClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync(site.BaseUrl + query + "&total=true&limit=1"));
        return document.RootElement.GetProperty("meta").GetProperty("total").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " " + noun;
    }

    [BrowserFact]
    public async Task A_dataset_page_shows_its_rows_with_a_filter_form_facets_and_downloads()
    {
        await using var browser = await site.NewPageAsync();
        var response = await browser.GoAsync("/datasets/targets");
        Assert.Equal(200, response.Status);
        Assert.Equal("Targets", await browser.Page.Locator("h1").InnerTextAsync());
        Assert.StartsWith(await ApiTotalAsync("/api/v1/targets?", "targets"), await TotalAsync(browser), StringComparison.Ordinal);
        Assert.Equal(await ApiKeysAsync("/api/v1/targets?limit=50"), await KeysAsync(browser));
        Assert.True(await browser.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).IsVisibleAsync());
        Assert.True(await browser.Page.GetByRole(AriaRole.Link, new() { Name = "CSV (every matching row)" }).IsVisibleAsync());
        Assert.True(await browser.Page.Locator("#facet-area_code + ul li").CountAsync() >= 1);
        await browser.ScreenshotAsync("dataset");
        Assert.Empty(browser.Problems);
        Assert.Empty(await browser.AxeViolationsAsync());
    }

    [BrowserTheory]
    [InlineData("/datasets/sources")]
    [InlineData("/datasets/areas?type=ward&limit=200")]
    [InlineData("/datasets/offence-categories")]
    [InlineData("/datasets/crime-figures?include_superseded=true")]
    [InlineData("/datasets/actions?q=burglary")]
    [InlineData("/datasets/populations")]
    [InlineData("/datasets/releases")]
    [InlineData("/datasets/releases/1")]
    [InlineData("/datasets/sources/rbkc-ccsp-2008")]
    [InlineData("/datasets/offence-categories/police-uk-burglary")]
    [InlineData("/sources/ons-wards-2022")]
    [InlineData("/sources/rbkc-ccsp-2008")]
    public async Task Other_pages_of_each_type_load_cleanly_and_pass_axe(string path)
    {
        await using var browser = await site.NewPageAsync();
        var response = await browser.GoAsync(path);
        Assert.Equal(200, response.Status);
        Assert.Empty(browser.Problems);
        Assert.Empty(await browser.AxeViolationsAsync());
    }

    [BrowserFact]
    public async Task Searching_narrows_the_rows_and_puts_the_query_in_the_url()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync("/datasets/actions");
        var all = await TotalAsync(browser);
        await browser.Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("anti-social behaviour");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await browser.Page.WaitForURLAsync("**/datasets/actions?q=*");
        Assert.Equal(site.BaseUrl + "/datasets/actions?q=anti-social+behaviour", browser.Page.Url);
        var expected = await ApiKeysAsync("/api/v1/actions?q=anti-social+behaviour&limit=50");
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await KeysAsync(browser));
        Assert.NotEqual(all, await TotalAsync(browser));
        Assert.Contains("match this query", await TotalAsync(browser), StringComparison.Ordinal);
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task A_field_filter_narrows_the_rows_and_puts_the_grammars_parameter_in_the_url()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync("/datasets/targets");
        await browser.Page.GetByLabel("Field", new() { Exact = true }).SelectOptionAsync("outcome_change_percent");
        await browser.Page.GetByLabel("Operator", new() { Exact = true }).SelectOptionAsync("lt");
        await browser.Page.GetByLabel("Value", new() { Exact = true }).FillAsync("0");
        var redirects = new List<string>();
        browser.Page.Response += (_, r) => { if (r.Status == 302) redirects.Add(r.Url); };
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await browser.Page.WaitForURLAsync("**/datasets/targets?outcome_change_percent__lt=0");
        // dataset.js wrote the grammar's parameter itself: no round trip through the redirect.
        Assert.Empty(redirects);
        var expected = await ApiKeysAsync("/api/v1/targets?outcome_change_percent__lt=0&limit=50");
        Assert.InRange(expected.Count, 1, 32);
        Assert.Equal(expected, await KeysAsync(browser));
        Assert.StartsWith($"{expected.Count} target", await TotalAsync(browser), StringComparison.Ordinal);
        // The active filter is listed, and removing it brings every row back.
        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "remove outcome_change_percent__lt = 0" }).ClickAsync();
        Assert.Equal(site.BaseUrl + "/datasets/targets", browser.Page.Url);
        Assert.StartsWith(await ApiTotalAsync("/api/v1/targets?", "targets"), await TotalAsync(browser), StringComparison.Ordinal);
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task Without_javascript_the_filter_form_still_filters_and_lands_on_the_grammars_url()
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        await using var browser = new BrowserPage(site, context, await context.NewPageAsync());
        await browser.GoAsync("/datasets/targets");
        await browser.Page.GetByLabel("Field", new() { Exact = true }).SelectOptionAsync("outcome_change_percent");
        await browser.Page.GetByLabel("Operator", new() { Exact = true }).SelectOptionAsync("lt");
        await browser.Page.GetByLabel("Value", new() { Exact = true }).FillAsync("0");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        // The form sends filter_field, filter_op and filter_value (and the empty search box); the page redirects.
        await browser.Page.WaitForURLAsync("**/datasets/targets?outcome_change_percent__lt=0");
        Assert.Equal(await ApiKeysAsync("/api/v1/targets?outcome_change_percent__lt=0&limit=50"), await KeysAsync(browser));
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task The_search_the_filter_form_the_table_and_its_sort_links_are_reached_by_keyboard_with_a_visible_focus()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync("/datasets/targets");
        var reached = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            await browser.Page.Keyboard.PressAsync("Tab");
            reached.Add(await browser.Page.EvaluateAsync<string>("document.activeElement.id || document.activeElement.getAttribute('href') || document.activeElement.className"));
            Assert.Equal("solid", await browser.Page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        }
        Assert.Equal(["q", "filter_field", "filter_op", "filter_value"], reached.Where(r => r is "q" or "filter_field" or "filter_op" or "filter_value"));
        Assert.Contains("scroll", reached);
        Assert.Contains("/datasets/targets?sort=-id", reached);
        Assert.Contains("/datasets/targets?sort=subject", reached);
    }

    [BrowserFact]
    public async Task Clicking_a_column_header_sorts_by_it_and_again_reverses()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync("/datasets/targets");
        await browser.Page.Locator("table.rows thead a", new() { HasText = "subject" }).First.ClickAsync();
        await browser.Page.WaitForURLAsync("**sort=subject");
        Assert.Equal(await ApiKeysAsync("/api/v1/targets?sort=subject&limit=50"), await KeysAsync(browser));
        Assert.Equal("ascending", await browser.Page.Locator("th[aria-sort]").GetAttributeAsync("aria-sort"));
        await browser.Page.Locator("table.rows thead a", new() { HasText = "subject" }).First.ClickAsync();
        await browser.Page.WaitForURLAsync("**sort=-subject");
        var descending = await ApiKeysAsync("/api/v1/targets?sort=-subject&limit=50");
        Assert.Equal(descending, await KeysAsync(browser));
        Assert.NotEqual(await ApiKeysAsync("/api/v1/targets?sort=subject&limit=50"), descending);
        Assert.Equal("descending", await browser.Page.Locator("th[aria-sort]").GetAttributeAsync("aria-sort"));
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task Next_page_continues_where_the_page_ended_and_first_page_goes_back()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync("/datasets/areas?limit=20");
        var first = await KeysAsync(browser);
        Assert.Equal(20, first.Count);
        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await browser.Page.WaitForURLAsync("**cursor=*");
        var second = await KeysAsync(browser);
        Assert.Equal((await ApiKeysAsync("/api/v1/areas?limit=40", "code")).Skip(20), second);
        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "First page" }).ClickAsync();
        Assert.Equal(site.BaseUrl + "/datasets/areas?limit=20", browser.Page.Url);
        Assert.Equal(first, await KeysAsync(browser));
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task A_facet_value_link_filters_to_its_rows()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync("/datasets/areas");
        var value = browser.Page.Locator("#facet-source_id + ul li").First;
        var count = (await value.Locator(".muted").InnerTextAsync()).Replace(",", "", StringComparison.Ordinal);
        var source = await value.Locator("a").InnerTextAsync();
        await value.Locator("a").ClickAsync();
        await browser.Page.WaitForURLAsync("**source_id=*");
        Assert.Equal(site.BaseUrl + "/datasets/areas?source_id=" + source, browser.Page.Url);
        Assert.StartsWith(long.Parse(count, System.Globalization.CultureInfo.InvariantCulture).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " areas",
            await TotalAsync(browser), StringComparison.Ordinal);
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task A_row_page_links_to_its_source_document_at_the_place_it_was_transcribed_from()
    {
        await using var browser = await site.NewPageAsync();
        var response = await browser.GoAsync("/datasets/targets/mpa-lps-kc-2010-t001");
        Assert.Equal(200, response.Status);
        Assert.Equal("Residential burglary", await browser.Page.Locator("dt:text-is('subject') + dd").InnerTextAsync());
        Assert.True(await browser.Page.GetByRole(AriaRole.Link, new() { Name = "area: E09000020" }).IsVisibleAsync());
        await browser.ScreenshotAsync("row");
        Assert.Empty(browser.Problems);
        Assert.Empty(await browser.AxeViolationsAsync());

        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "Read it in the source document" }).ClickAsync();
        await browser.Page.WaitForURLAsync("**/sources/mpa-lps-kc-2010#*");
        var anchor = new Uri(browser.Page.Url).Fragment.TrimStart('#');
        Assert.Equal(anchor, await browser.Page.EvaluateAsync<string>("document.querySelector(':target').id"));
        Assert.Contains("How did Kensington and Chelsea perform", await browser.Page.Locator(":target").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(browser.Problems);
    }

    [BrowserFact]
    public async Task An_area_row_links_to_its_profile_and_the_rows_that_name_it()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync("/datasets/areas/E05009388");
        Assert.Equal("Abingdon", await browser.Page.Locator("h1").InnerTextAsync());
        Assert.Equal("/areas/E05009388", await browser.Page.GetByRole(AriaRole.Link, new() { Name = "The profile of Abingdon" }).GetAttributeAsync("href"));
        Assert.Equal("/datasets/crime-figures?area_code=E05009388",
            await browser.Page.Locator("#named-by + ul a", new() { HasText = "Crime figures" }).GetAttributeAsync("href"));
        Assert.Empty(browser.Problems);
        Assert.Empty(await browser.AxeViolationsAsync());
    }

    [BrowserFact]
    public async Task The_sources_page_lists_documents_and_datasets()
    {
        await using var browser = await site.NewPageAsync();
        var response = await browser.GoAsync("/sources");
        Assert.Equal(200, response.Status);
        Assert.Equal(5, await browser.Page.Locator("#documents + .scroll tbody tr").CountAsync());
        Assert.True(await browser.Page.Locator("#datasets + .scroll tbody tr").CountAsync() >= 5);
        await browser.ScreenshotAsync("sources");
        Assert.Empty(browser.Problems);
        Assert.Empty(await browser.AxeViolationsAsync());
    }

    [BrowserFact]
    public async Task A_source_document_has_its_contents_and_its_text_in_the_site_frame()
    {
        await using var browser = await site.NewPageAsync();
        var response = await browser.GoAsync("/sources/kent-csa-2012");
        Assert.Equal(200, response.Status);
        var contents = browser.Page.Locator("nav.toc a");
        Assert.True(await contents.CountAsync() >= 3);
        // A contents entry leads to its heading.
        var entry = contents.Nth(1);
        var href = await entry.GetAttributeAsync("href");
        await entry.ClickAsync();
        Assert.EndsWith(href!, browser.Page.Url, StringComparison.Ordinal);
        Assert.Equal(href!.TrimStart('#'), await browser.Page.EvaluateAsync<string>("document.querySelector(':target').id"));
        await browser.ScreenshotAsync("source-document");
        Assert.Empty(browser.Problems);
        Assert.Empty(await browser.AxeViolationsAsync());
    }

    [BrowserFact]
    public async Task Unknown_datasets_and_rows_and_bad_queries_are_pages_with_a_way_back()
    {
        await using var browser = await site.NewPageAsync();
        var missing = await browser.GoAsync("/datasets/targets/no-such-target");
        Assert.Equal(404, missing.Status);
        Assert.Equal("Page not found", await browser.Page.Locator("h1").InnerTextAsync());
        Assert.Contains("Targets has no target with id 'no-such-target'.", await browser.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        var bad = await browser.GoAsync("/datasets/targets?area_code__bogus=1");
        Assert.Equal(400, bad.Status);
        Assert.Contains("Unknown operator 'bogus'", await browser.Page.Locator("ul.errors").InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync("dataset-bad-query");
        Assert.Empty(await browser.AxeViolationsAsync());
        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "Start again from all targets" }).ClickAsync();
        Assert.Equal(site.BaseUrl + "/datasets/targets", browser.Page.Url);
    }
}
