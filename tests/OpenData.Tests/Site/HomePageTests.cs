using Microsoft.Playwright;

namespace OpenData.Tests.Site;

[Collection(SiteBrowserCollection.Name)]
public sealed class HomePageTests(SiteBrowser site)
{
    [BrowserFact]
    public async Task The_home_page_lists_every_dataset_with_its_rows_and_loads_nothing_from_elsewhere()
    {
        await using var browser = await site.NewPageAsync();
        var response = await browser.GoAsync("/");
        Assert.Equal(200, response.Status);
        Assert.Equal("Home · OpenData community safety", await browser.Page.TitleAsync());
        var rows = browser.Page.Locator("#datasets + .scroll table tbody tr");
        Assert.True(await rows.CountAsync() >= 10);
        Assert.Contains(await rows.AllInnerTextsAsync(), row => row.StartsWith("Targets", StringComparison.Ordinal));
        // The three questions people ask, each a link.
        Assert.True(await browser.Page.GetByRole(AriaRole.Link, new() { Name = "How much crime is there in my ward?" }).IsVisibleAsync());
        await browser.ScreenshotAsync("home");
        Assert.Empty(browser.Problems);
        Assert.Empty(await browser.AxeViolationsAsync());
    }

    [BrowserFact]
    public async Task An_unknown_page_is_a_friendly_404_with_a_way_back()
    {
        await using var browser = await site.NewPageAsync();
        var response = await browser.GoAsync("/no-such-page");
        Assert.Equal(404, response.Status);
        Assert.Equal("Page not found", await browser.Page.Locator("h1").InnerTextAsync());
        await browser.ScreenshotAsync("not-found");
        Assert.Empty(await browser.AxeViolationsAsync());
        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "the home page" }).ClickAsync();
        Assert.Equal(site.BaseUrl + "/", browser.Page.Url);
        Assert.Equal(["HTTP 404: " + site.BaseUrl + "/no-such-page", "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"], browser.Problems);
    }

    [BrowserFact]
    public async Task Every_control_of_the_home_page_is_reachable_by_keyboard_with_a_visible_focus()
    {
        await using var browser = await site.NewPageAsync();
        await browser.GoAsync("/");
        await browser.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await browser.Page.EvaluateAsync<string>("document.activeElement.textContent"));
        var outline = await browser.Page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle");
        Assert.Equal("solid", outline);
        await browser.Page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await browser.Page.EvaluateAsync<string>("document.activeElement.id"));
    }
}

