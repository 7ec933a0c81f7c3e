using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenData.Tests.Site;

/// <summary>The dataset, row and source pages over HTTP: statuses, redirects, validators, weights and anchors.</summary>
public sealed partial class DatasetPageHttpTests(TestApp app) : IClassFixture<TestApp>, IDisposable
{
    private readonly HttpClient _client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public void Dispose() => _client.Dispose();

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string url)
    {
        using var response = await _client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> ApiAsync(string url)
    {
        var (status, body) = await GetAsync(url);
        Assert.True(status == HttpStatusCode.OK, $"{url}: {(int)status} {body}");
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task Every_dataset_has_a_page_and_its_first_row_a_row_page()
    {
        var catalogue = await ApiAsync("/api/v1/datasets");
        foreach (var entry in catalogue["data"]!.AsArray())
        {
            var collection = (string)entry!["links"]!["collection"]!;
            var name = collection[(collection.LastIndexOf('/') + 1)..];
            var (status, body) = await GetAsync("/datasets/" + name);
            Assert.True(status == HttpStatusCode.OK, $"/datasets/{name}: {(int)status}");
            Assert.Contains($"<h1>{System.Net.WebUtility.HtmlEncode((string)entry["title"]!)}</h1>", body, StringComparison.Ordinal);
            var key = (string)entry["key"]!;
            var first = (await ApiAsync($"{collection}?limit=1&fields={key}"))["data"]!.AsArray()[0]![key]!.ToString();
            var row = await GetAsync($"/datasets/{name}/{Uri.EscapeDataString(first)}");
            Assert.True(row.Status == HttpStatusCode.OK, $"/datasets/{name}/{first}: {(int)row.Status}");
            Assert.Contains($"href=\"/datasets/{name}\"", row.Body, StringComparison.Ordinal);
            // The key links to the row page from the dataset page.
            Assert.Contains($"href=\"/datasets/{name}/{Uri.EscapeDataString(first)}\"", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_filter_form_without_javascript_redirects_to_the_grammars_url()
    {
        using var response = await _client.GetAsync("/datasets/targets?limit=10&cursor=abc&filter_field=area_code&filter_op=eq&filter_value=E09000020&q=");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/datasets/targets?limit=10&area_code=E09000020", response.Headers.Location!.OriginalString);

        using var operatorForm = await _client.GetAsync("/datasets/targets?area_code=E09000020&filter_field=outcome_change_percent&filter_op=lt&filter_value=0");
        Assert.Equal("/datasets/targets?area_code=E09000020&outcome_change_percent__lt=0", operatorForm.Headers.Location!.OriginalString);

        // A filter parameter may be given once: the form's value replaces the one the page carried.
        using var replaced = await _client.GetAsync("/datasets/targets?period_basis=stated&filter_field=period_basis&filter_op=eq&filter_value=assumed");
        Assert.Equal("/datasets/targets?period_basis=assumed", replaced.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_dataset_page_counts_the_same_rows_as_the_api_for_the_same_query()
    {
        var total = (long)(await ApiAsync("/api/v1/targets?area_code=E09000020&total=true&limit=1"))["meta"]!["total"]!;
        var (status, body) = await GetAsync("/datasets/targets?area_code=E09000020");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<p class=\"total\" id=\"total\">{total} targets match this query", body, StringComparison.Ordinal);
        // The same query elsewhere.
        Assert.Contains("href=\"/api/v1/targets?area_code=E09000020&amp;format=csv\"", body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/targets?area_code=E09000020&amp;limit=50\"", body, StringComparison.Ordinal);
        // Areas have polygons: their selection is offered as GeoJSON too; targets are not.
        Assert.DoesNotContain("format=geojson", body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/areas?type=ward&amp;format=geojson\"", (await GetAsync("/datasets/areas?type=ward")).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/datasets/targets?area_code__bogus=1", "Unknown operator &#x27;bogus&#x27;")]
    [InlineData("/datasets/targets?limit=5000", "limit must be a whole number from 1 to 200.")]
    [InlineData("/datasets/targets?sort=nope", "&#x27;nope&#x27; is not a field of targets")]
    [InlineData("/datasets/targets?format=csv", "format is an API parameter; this page is HTML.")]
    [InlineData("/datasets/targets?outcome_change_percent=lots", "outcome_change_percent")]
    public async Task A_bad_query_is_a_400_page_saying_what_is_wrong(string url, string message)
    {
        var (status, body) = await GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("<h1>This query cannot be answered</h1>", body, StringComparison.Ordinal);
        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/datasets/targets\">Start again", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/datasets/no-such-dataset", "No dataset is named &#x27;no-such-dataset&#x27;")]
    [InlineData("/datasets/targets/no-such-target", "Targets has no target with id &#x27;no-such-target&#x27;.")]
    [InlineData("/datasets/no-such-dataset/key", "No dataset is named &#x27;no-such-dataset&#x27;")]
    [InlineData("/sources/no-such-source", "No source has id &#x27;no-such-source&#x27;")]
    public async Task An_unknown_dataset_row_or_source_is_the_friendly_404(string url, string detail)
    {
        var (status, body) = await GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("<h1>Page not found</h1>", body, StringComparison.Ordinal);
        Assert.Contains(detail, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dataset_page_has_an_etag_and_answers_304_to_it()
    {
        using var first = await _client.GetAsync("/datasets/targets?area_code=E09000020");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag ?? throw new InvalidOperationException("no ETag");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/datasets/targets?area_code=E09000020");
        request.Headers.IfNoneMatch.Add(etag);
        using var again = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        // Another query is another page, with its own tag.
        using var other = await _client.GetAsync("/datasets/targets?area_code=E09000020&sort=-id");
        Assert.NotEqual(etag, other.Headers.ETag);
    }

    [Theory]
    [InlineData("/datasets/actions?limit=200")]
    [InlineData("/datasets/crime-figures?limit=200")]
    [InlineData("/datasets/offence-categories?limit=200")]
    [InlineData("/datasets/areas?limit=200")]
    [InlineData("/sources/rbkc-ccsp-2008")]
    [InlineData("/sources/rbkc-bsc-2019")]
    public async Task The_largest_pages_are_at_most_50_kB_gzipped(string url)
    {
        var (_, bytes, html) = await PageWeight.GetAsync(_client, url);
        Assert.True(bytes > 1024, $"{url}: {bytes} bytes gzipped is too small to be the page");
        Assert.EndsWith("</html>\n", html);
    }

    [Fact]
    public async Task Every_locator_url_lands_on_an_element_of_its_source_page()
    {
        var pages = new Dictionary<string, string>();
        var checkedLocators = 0;
        var catalogue = await ApiAsync("/api/v1/datasets");
        foreach (var entry in catalogue["data"]!.AsArray())
        {
            if (!entry!["fields"]!.AsArray().Any(f => (string)f!["name"]! == "locator_url")) continue;
            string? next = (string)entry["links"]!["collection"]! + "?fields=id,locator_url&limit=1000";
            if (entry["key"]!.ToString() != "id") next = (string)entry["links"]!["collection"]! + $"?fields={entry["key"]},locator_url&limit=1000";
            while (next is not null)
            {
                var page = await ApiAsync(next);
                foreach (var row in page["data"]!.AsArray())
                {
                    if (row!["locator_url"] is not { } locator) continue;
                    // /api/v1/sources/{id}/document#anchor -> /sources/{id}#anchor, as SiteLinks.FromApi maps it.
                    var match = LocatorUrl().Match((string)locator!);
                    Assert.True(match.Success, (string)locator!);
                    var site = "/sources/" + match.Groups["id"].Value;
                    if (!pages.TryGetValue(site, out var html))
                    {
                        var (status, body) = await GetAsync(site);
                        Assert.Equal(HttpStatusCode.OK, status);
                        pages[site] = html = body;
                    }
                    var anchor = match.Groups["anchor"].Value;
                    Assert.True(Regex.Count(html, $" id=\"{Regex.Escape(anchor)}\"") == 1, $"{(string)locator!}: {site} has no single element with id {anchor}");
                    checkedLocators++;
                }
                next = (string?)page["links"]!["next"];
            }
        }
        Assert.True(checkedLocators >= 50, $"only {checkedLocators} locators");
        Assert.Equal(5, pages.Count);
        // No two elements of a source page share an id (the page's own ids start with site-).
        foreach (var (url, html) in pages)
        {
            var ids = Regex.Matches(html, " id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.True(ids.Count == ids.Distinct().Count(), $"{url} repeats ids: {string.Join(", ", ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key))}");
        }
    }

    [Fact]
    public async Task The_sources_page_lists_every_source_with_its_licence_and_a_source_page_counts_the_rows_citing_it()
    {
        var sources = (await ApiAsync("/api/v1/sources?limit=1000&fields=id,title,attribution"))["data"]!.AsArray();
        var (status, body) = await GetAsync("/sources");
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var source in sources)
        {
            Assert.Contains($"href=\"/sources/{(string)source!["id"]!}\"", body, StringComparison.Ordinal);
        }

        var targets = (long)(await ApiAsync("/api/v1/targets?source_id=mpa-lps-kc-2010&total=true&limit=1"))["meta"]!["total"]!;
        var page = (await GetAsync("/sources/mpa-lps-kc-2010")).Body;
        Assert.Contains($"<a href=\"/datasets/targets?source_id=mpa-lps-kc-2010\">Targets</a>: {targets} targets", page, StringComparison.Ordinal);

        // A dataset source has no text, but its record and rows.
        var dataset = await GetAsync("/sources/ons-wards-2022");
        Assert.Equal(HttpStatusCode.OK, dataset.Status);
        Assert.Contains("<a href=\"/datasets/areas?source_id=ons-wards-2022\">Areas</a>", dataset.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<article", dataset.Body, StringComparison.Ordinal);
    }

    [GeneratedRegex("^/api/v1/sources/(?<id>[^/]+)/document#(?<anchor>.+)$")]
    private static partial Regex LocatorUrl();
}
