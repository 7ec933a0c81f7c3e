using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using OpenData.Query;
using static OpenData.Tests.GraphQL.GraphQLClient;

namespace OpenData.Tests.Rest;

/// <summary>
/// /api/v1/sources/{id}/document and every row's locator_url, followed as a journalist would: from a row to the
/// place in the document its figure or words come from.
/// </summary>
public sealed class SourceDocumentTests(TestApp app) : RestTest(app)
{
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>The field of a dataset that quotes the document (as published), where a dataset has one.</summary>
    private static readonly Dictionary<string, string> QuoteFields = new()
    {
        ["crime_figures"] = "published_text",
        ["targets"] = "target_text",
        ["actions"] = "text",
        ["risks"] = "description",
    };

    /// <summary>How far after its anchor a row's quote may be: the anchor is the deepest heading the locator
    /// names, so the words are in that section, not pages later.</summary>
    private const int NearWords = 1500;

    private const int QuoteWords = 8;

    /// <summary>A link may land just below the sentence it names (a locator part that is a term of the paragraph
    /// above a heading): the words may be this far before it, about what a screen shows above the anchor.</summary>
    private const int ScreenWords = 100;

    [Fact]
    public async Task Every_locator_url_of_every_row_lands_on_an_element_with_that_id_in_the_sources_document()
    {
        var kinds = (await GetJsonAsync("/api/v1/sources?fields=id,kind&limit=1000"))["data"]!.AsArray()
            .ToDictionary(s => (string)s!["id"]!, s => (string)s!["kind"]!);
        var pages = new Dictionary<string, XDocument>();
        var linked = 0;
        var unlinked = 0;
        var datasets = DatasetCatalog.All.Where(d => d.FindField("locator_url") is not null).ToList();
        Assert.Equal(DatasetCatalog.All.Count(d => d.FindField("locator") is not null), datasets.Count);
        foreach (var dataset in datasets)
        {
            string? url = $"/api/v1/{dataset.Name}?fields=source_id,locator,locator_url&limit=1000";
            while (url is not null)
            {
                var body = await GetJsonAsync(url);
                foreach (var row in body["data"]!.AsArray())
                {
                    var source = (string)row!["source_id"]!;
                    var locatorUrl = (string?)row["locator_url"];
                    if (kinds[source] != "document")
                    {
                        Assert.True(locatorUrl is null, $"{dataset.ResourceName} row of dataset source {source} links to {locatorUrl}");
                        unlinked++;
                        continue;
                    }
                    Assert.NotNull(locatorUrl);
                    var (path, fragment) = Split(locatorUrl);
                    Assert.Equal($"/api/v1/sources/{source}/document", path);
                    if (!pages.TryGetValue(path, out var page)) pages[path] = page = await PageAsync(path);
                    Assert.True(ById(page, fragment) is not null, $"{dataset.ResourceName} row with locator '{row["locator"]}' links to #{fragment}, which {path} does not have");
                    linked++;
                }
                url = (string?)body["links"]?["next"];
            }
        }
        // Every document is linked into, and both kinds of source occur.
        Assert.Equal(kinds.Count(k => k.Value == "document"), pages.Count);
        Assert.True(linked > 500 && unlinked > 500, $"{linked} rows linked, {unlinked} rows of dataset sources");
    }

    [Fact]
    public async Task A_rows_quoted_words_follow_the_anchor_its_locator_url_lands_on()
    {
        var checkedRows = 0;
        foreach (var (resource, field) in QuoteFields)
        {
            var dataset = DatasetCatalog.FindResource(resource)!;
            var rows = (await GetJsonAsync($"/api/v1/{dataset.Name}?fields=id,{field},locator,locator_url&limit=1000"))["data"]!.AsArray();
            foreach (var row in rows)
            {
                var quote = (string?)row![field];
                var locatorUrl = (string?)row["locator_url"];
                if (quote is null || locatorUrl is null) continue;
                var (path, fragment) = Split(locatorUrl);
                var page = await PageAsync(path);
                var (text, anchorAt) = WordsWithOffset(page, fragment);
                // Its opening words: a row may join the cells of a table row or the lines of a list into one text.
                var words = SourceDocument.Words(quote).Take(QuoteWords).ToArray();
                var found = Occurrences(text, words).ToList();
                Assert.True(found.Any(at => at >= anchorAt - ScreenWords && at <= anchorAt + NearWords),
                    $"{resource} {row["id"]}: '{quote}' is not near #{fragment} (word {anchorAt}; found at {string.Join(", ", found)}; locator '{row["locator"]}')");
                checkedRows++;
            }
        }
        Assert.True(checkedRows > 500, $"{checkedRows} rows checked");
    }

    [Fact]
    public async Task The_page_is_html_that_parses_as_xml_escapes_the_text_and_has_the_strict_csp()
    {
        using var response = await GetAsync("/api/v1/sources/rbkc-ccsp-2008/document");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var page = Parse(html);
        Assert.Equal("Crime and Community Safety Plan 2008-2011", page.Descendants(Xhtml + "title").Single().Value);
        // The extraction's markup is text, shown as written, never HTML: no element but the page's own.
        var text = await (await GetAsync("/api/v1/sources/rbkc-ccsp-2008/document", "text/plain")).Content.ReadAsStringAsync();
        Assert.Contains("<i>Begging</i>", text, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;Begging&lt;/i&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName is "i" or "script" or "style" or "u");
        // Sections, tables, numbered paragraphs, run-in titles and the contents page's pages are anchors.
        Assert.Equal("Table 1", ById(page, "table-1")!.Value);
        Assert.Equal("table", ById(page, "table-1")!.ElementsAfterSelf().First().Name.LocalName);
        Assert.Equal("table", ById(page, "tab-8")!.Name.LocalName);
        Assert.Equal("page", (string?)ById(page, "page-22")!.Attribute("class"));
        Assert.Equal("APPENDIX 1", ById(page, "page-22")!.ElementsAfterSelf().First().Value);
        Assert.StartsWith("<i>Begging</i>", ById(page, "begging")!.Value, StringComparison.Ordinal);
        var kent = Parse(await (await GetAsync("/api/v1/sources/kent-csa-2012/document")).Content.ReadAsStringAsync());
        Assert.StartsWith("3.3 Whilst good progress", ById(kent, "para-3-3")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_text_is_the_exact_text_whose_hash_the_package_declares()
    {
        using var response = await GetAsync("/api/v1/sources/kent-csa-2012/document", "text/plain");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var declared = DataPackage.Current.Resources.Single(r => r.SourceId == "kent-csa-2012" && r.Layout == "document");
        Assert.Equal(declared.Hash, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepositoryFiles.SeedData, declared.Paths.Single())), bytes);
        using var byFormat = await GetAsync("/api/v1/sources/kent-csa-2012/document?format=text");
        Assert.Equal(bytes, await byFormat.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_json_outline_lists_every_anchor_of_the_page()
    {
        var outline = await GetJsonAsync("/api/v1/sources/mpa-lps-kc-2010/document?format=json");
        var page = await PageAsync("/api/v1/sources/mpa-lps-kc-2010/document");

        var anchors = outline["anchors"]!.AsArray();
        var ids = anchors.Select(a => (string)a!["id"]!).ToList();
        var pageIds = page.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
        Assert.Equal(pageIds.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Equal("mpa-lps-kc-2010", (string?)outline["source_id"]);
        var heading = anchors.Single(a => (string)a!["id"]! == "how-did-kensington-and-chelsea-perform-during-2009-10")!;
        Assert.Equal("heading", (string?)heading["kind"]);
        Assert.Equal("How did Kensington and Chelsea perform during 2009/10?", (string?)heading["label"]);
        Assert.Equal("/api/v1/sources/mpa-lps-kc-2010/document?format=html", (string?)outline["links"]!["html"]);
        // Accept chooses the same representation as format=.
        using var negotiated = await GetAsync("/api/v1/sources/mpa-lps-kc-2010/document", "application/json");
        Assert.True(JsonNode.DeepEquals(outline, JsonNode.Parse(await negotiated.Content.ReadAsStringAsync())));
    }

    [Fact]
    public async Task A_document_source_links_to_its_text_and_a_dataset_source_does_not()
    {
        var plan = (await GetJsonAsync("/api/v1/sources/rbkc-ccsp-2008"))["data"]!;
        var mps = (await GetJsonAsync("/api/v1/sources/mps-ward-crime"))["data"]!;

        Assert.Equal("/api/v1/sources/rbkc-ccsp-2008/document", (string?)plan["links"]!["document"]);
        Assert.Null(mps["links"]!["document"]);
        Assert.NotNull(mps["links"]!["self"]);
    }

    [Fact]
    public async Task A_dataset_source_has_no_document_and_an_unknown_id_is_not_found()
    {
        var dataset = await GetProblemAsync("/api/v1/sources/mps-ward-crime/document", HttpStatusCode.NotFound, "not-found");
        Assert.Contains("not a document: it has no document text", (string)dataset["detail"]!, StringComparison.Ordinal);
        var unknown = await GetProblemAsync("/api/v1/sources/no-such-source/document", HttpStatusCode.NotFound, "not-found");
        Assert.Equal("No source has id 'no-such-source'.", (string?)unknown["detail"]);
    }

    [Fact]
    public async Task Bad_parameters_and_unacceptable_media_types_are_problems()
    {
        await GetProblemAsync("/api/v1/sources/rbkc-ccsp-2008/document?format=pdf", HttpStatusCode.BadRequest, "invalid-parameter", invalidParams: ["format"]);
        await GetProblemAsync("/api/v1/sources/rbkc-ccsp-2008/document?page=2", HttpStatusCode.BadRequest, "unknown-parameter", invalidParams: ["page"]);
        await GetProblemAsync("/api/v1/sources/rbkc-ccsp-2008/document", HttpStatusCode.NotAcceptable, "not-acceptable", accept: "application/pdf");
    }

    [Fact]
    public async Task A_conditional_request_for_an_unchanged_document_is_not_modified()
    {
        using var first = await GetAsync("/api/v1/sources/rbkc-bsc-2019/document");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sources/rbkc-bsc-2019/document");
        again.Headers.IfNoneMatch.Add(etag);
        using var response = await Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        // Another representation is another tag.
        using var text = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sources/rbkc-bsc-2019/document");
        text.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        text.Headers.IfNoneMatch.Add(etag);
        using var other = await Client.SendAsync(text);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Csv_and_graphql_carry_the_same_locator_url_as_json()
    {
        var json = (await GetJsonAsync("/api/v1/targets?fields=id,locator_url&limit=1000"))["data"]!.AsArray()
            .ToDictionary(r => (string)r!["id"]!, r => (string?)r!["locator_url"]);
        var csv = Csv.Parse(await (await GetAsync("/api/v1/targets?format=csv&limit=1000")).Content.ReadAsStringAsync());
        var column = Array.IndexOf(csv[0], "locator_url");
        var id = Array.IndexOf(csv[0], "id");
        Assert.True(column >= 0, string.Join(",", csv[0]));
        Assert.Equal(json, csv.Skip(1).ToDictionary(r => r[id], r => (string?)r[column]));
        var graph = (await DataAsync(Client, "{ targets(first: 100) { nodes { key locatorUrl } } }"))["targets"]!["nodes"]!.AsArray();
        Assert.Equal(json, graph.ToDictionary(r => (string)r!["key"]!, r => (string?)r!["locatorUrl"]));
        Assert.All(json.Values, url => Assert.StartsWith("/api/v1/sources/", url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Locator_url_is_computed_so_it_cannot_be_filtered_or_sorted_on()
    {
        await GetProblemAsync("/api/v1/actions?sort=locator_url", HttpStatusCode.BadRequest, "invalid-parameter", invalidParams: ["sort"]);
        await GetProblemAsync("/api/v1/actions?locator_url=x", HttpStatusCode.BadRequest, "invalid-parameter", invalidParams: ["locator_url"]);
    }

    private async Task<XDocument> PageAsync(string path)
    {
        using var response = await GetAsync(path, "text/html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The page as XML: a cheap check that it is well-formed (every element closed, text escaped).</summary>
    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static XElement? ById(XDocument page, string id) => page.Descendants().SingleOrDefault(e => (string?)e.Attribute("id") == id);

    private static (string Path, string Fragment) Split(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        Assert.True(hash > 0, $"{url} has no fragment");
        return (url[..hash], url[(hash + 1)..]);
    }

    /// <summary>The words of the page's text, and the position of the anchored element's first word among them.</summary>
    private static (string[] Words, int AnchorAt) WordsWithOffset(XDocument page, string id)
    {
        var start = ById(page, id)!;
        var texts = page.Root!.Element(Xhtml + "body")!.Element(Xhtml + "article")!.DescendantNodes().OfType<XText>().ToList();
        var before = texts.TakeWhile(t => t.IsBefore(start) && !t.Ancestors().Contains(start));
        var anchorAt = SourceDocument.Words(string.Join(" ", before.Select(t => t.Value))).Length;
        return (SourceDocument.Words(string.Join(" ", texts.Select(t => t.Value))), anchorAt);
    }

    private static IEnumerable<int> Occurrences(string[] text, string[] words)
    {
        for (var i = 0; i + words.Length <= text.Length; i++)
        {
            if (text.AsSpan(i, words.Length).SequenceEqual(words)) yield return i;
        }
    }
}
