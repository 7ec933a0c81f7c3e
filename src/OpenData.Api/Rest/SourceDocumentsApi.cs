using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>
/// <c>/api/v1/sources/{id}/document</c>: the text a document source's rows were transcribed from, with an anchor
/// per heading, table, numbered paragraph and contents-page page, so a row's <c>locator_url</c> lands a reader on
/// the sentence or table its figure came from. HTML for a person (the text escaped, one element per line or
/// table), the exact text for <c>text/plain</c>, and the anchors as JSON for a client that lists sections. The
/// texts are part of the build (<see cref="SourceDocuments"/>): nothing is read from disk per request.
/// </summary>
public static class SourceDocumentsApi
{
    public const string Html = "text/html";
    public const string Text = "text/plain";

    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>Formats by <c>format=</c> name, in the order Accept ties are broken (HTML first: a browser's
    /// <c>*/*</c> gets the page).</summary>
    private static readonly (string Name, string MediaType)[] Formats = [("html", Html), ("text", Text), ("json", OutputFormats.Json)];

    public static RouteGroupBuilder MapSourceDocuments(this RouteGroupBuilder group)
    {
        group.MapGet("/sources/{id}/document", DocumentAsync)
            // The text is part of the build (the build id is in every ETag); the source row decides 404 or 200.
            .Reads(SourceDto.Dataset.ResourceName)
            .RequireAcceptable()
            .WithName("GetSourceDocument")
            .WithSummary("Read the document a source's rows were transcribed from, with anchors rows link to")
            .WithDescription("The plain-text extraction of a document source (sources.kind = document), the text its rows were transcribed from. "
                + "text/html (the default): the text escaped, one element per line, list item or table (tab-separated lines), with an id on every heading (a slug of its words, e.g. #2-3-tackling-violence-against-women-and-girls-vawg; -2, -3 when a heading repeats), "
                + "table (#tab-1, #tab-2 ... in document order; a printed caption such as Table 1 is a heading, #table-1), numbered paragraph (#para-3-1), run-in title (#begging) and, where a contents page gives it, the page a section starts on (#page-22); #document is the whole text. "
                + "Every row with a source_id and locator has a locator_url leading to one of these anchors. "
                + "text/plain: the exact text (its SHA-256 is the document resource's hash in datapackage.json). "
                + "application/json: the outline, every anchor with its kind, label and line, for listing sections. "
                + "Choose with Accept or format=html|text|json. A source that is a dataset (MPS downloads, boundary files) has no document text: 404, as for an unknown id. "
                + "Conditional requests (If-None-Match, If-Modified-Since) answer 304 until the sources change or the API is redeployed.")
            .WithTags(SourceDto.Dataset.Title)
            .Produces<DocumentOutline>(StatusCodes.Status200OK, OutputFormats.Json, Html, Text)
            .WithResponseExample(Html, Example().Html)
            .WithResponseExample(Text, Example().Text)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter("format", "html (the default), text or json; overrides Accept.", "html");
        return group;
    }

    /// <summary>Read the document a source's rows were transcribed from.</summary>
    /// <param name="id" example="rbkc-ccsp-2008">Id of a source of kind document.</param>
    /// <param name="context">The request.</param>
    /// <param name="db">The store.</param>
    /// <param name="releases">The data release reader.</param>
    /// <param name="cancellationToken">Request aborted.</param>
    private static async Task<IResult> DocumentAsync(string id, HttpContext context, OpenDataDbContext db, ReleaseReader releases, CancellationToken cancellationToken)
    {
        if (RestProblems.UnknownParameters(context.Request, "the document takes format only", "format") is { } unknown) return unknown;
        string mediaType;
        if (context.Request.Query.TryGetValue("format", out var given))
        {
            var name = given.Count == 1 ? given[0] : null;
            var format = Formats.FirstOrDefault(f => f.Name == name);
            if (format.Name is null) return RestProblems.Invalid("format", given.Count == 1 ? $"format must be html, text or json, not '{name}'." : "format may be given once.");
            mediaType = format.MediaType;
        }
        else
        {
            // RequireAcceptable has already answered 406 when none of the three is acceptable.
            mediaType = Negotiate(context.Request) ?? Html;
        }

        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        var source = await db.Sources.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new DocumentSource(s.Id, s.Kind, s.Title, s.Publisher, s.PublicationDate))
            .FirstOrDefaultAsync(cancellationToken);
        if (source is null) return RestProblems.NotFound($"No source has id '{Problems.Quote(id)}'.");
        var document = SourceDocuments.Find(id);
        if (document is null)
        {
            return RestProblems.NotFound($"Source '{Problems.Quote(id)}' is a {Problems.Quote(source.Kind)}, not a document: it has no document text to link into "
                + $"(its rows' locators name files and columns of the published data; the source record says where it is published).");
        }

        var links = RestLinks.For(context);
        return mediaType switch
        {
            Text => new TextBodyResult(Text, document.Text),
            Html => new TextBodyResult(Html, Page(document, source, links)),
            _ => new JsonBodyResult(OutputFormats.Json, writer => JsonSerializer.Serialize(writer, Outline(document, source, links), RestOutput.SerializerOptions)),
        };
    }

    /// <summary>The documented examples: the start of the Kent report (its first 17 lines), as each format shows it.</summary>
    private static (string Html, string Text) Example()
    {
        var kent = SourceDocuments.Find("kent-csa-2012")!;
        var text = string.Join('\n', kent.Text.Split('\n').Take(17)) + "\n";
        var start = SourceDocument.Read(kent.SourceId, kent.Path, text, kent.Sha256);
        var source = new DocumentSource(kent.SourceId, "document", "Kent Community Safety Agreement Update - Performance Monitoring", "Kent County Council", "2012-11-01");
        return (Page(start, source, new RestLinks(PathString.Empty)), text);
    }

    /// <summary>The first of HTML, text, JSON that the Accept range with the highest quality covers; null without Accept.</summary>
    private static string? Negotiate(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges) || ranges.Count == 0) return null;
        foreach (var range in ranges.Where(r => r.Quality is not <= 0).OrderByDescending(r => r.Quality ?? 1))
        {
            foreach (var (_, type) in Formats)
            {
                if (ContentNegotiation.Covers(range, type)) return type;
            }
        }
        return null;
    }

    /// <summary>The source fields the page and outline show.</summary>
    public sealed record DocumentSource(string Id, string Kind, string Title, string Publisher, string PublicationDate);

    /// <summary>The anchors of a document, for a client that lists its sections.</summary>
    /// <param name="SourceId">The source.</param>
    /// <param name="Title">The source's title.</param>
    /// <param name="Path">The file in seed-data.</param>
    /// <param name="Sha256">SHA-256 of the text (as datapackage.json declares it).</param>
    /// <param name="Lines">Lines in the text.</param>
    /// <param name="Anchors">Every anchor in document order: id (the fragment), kind (document, heading, label,
    /// paragraph, table, page), label (the words there) and line.</param>
    /// <param name="Links">html, text and source: where the document and its source record are.</param>
    public sealed record DocumentOutline(string SourceId, string Title, string Path, string Sha256, int Lines,
        IReadOnlyList<DocumentAnchor> Anchors, IReadOnlyDictionary<string, string> Links);

    public static DocumentOutline Outline(SourceDocument document, DocumentSource source, RestLinks links)
    {
        var self = links.Path("sources", source.Id, "document");
        return new DocumentOutline(source.Id, source.Title, document.Path, document.Sha256, document.Text.Split('\n').Length, document.Anchors,
            new Dictionary<string, string>
            {
                ["html"] = self + "?format=html",
                ["text"] = self + "?format=text",
                ["source"] = links.Item("sources", source.Id),
            });
    }

    /// <summary>
    /// The page: XHTML-compatible HTML (every element closed, every text escaped by the XML writer), so it parses
    /// as XML too. No styles or scripts: the API's CSP (default-src 'none') applies to it as to every response.
    /// </summary>
    public static string Page(SourceDocument document, DocumentSource source, RestLinks links)
    {
        var article = new XElement(Xhtml + "article", new XAttribute("id", SourceDocument.StartAnchor));
        XElement? list = null;
        foreach (var block in document.Blocks)
        {
            foreach (var page in block.Pages ?? [])
            {
                // An explicit (empty) text keeps the end tag: <span/> is not an empty element in HTML.
                article.Add(new XElement(Xhtml + "span", new XAttribute("id", page), new XAttribute("class", "page"), ""));
            }
            if (block.Kind != DocumentBlockKind.ListItem || block.Pages is not null) list = null;
            var element = block.Kind switch
            {
                DocumentBlockKind.Heading => new XElement(Xhtml + "h2", block.Text),
                DocumentBlockKind.ListItem => new XElement(Xhtml + "li", block.Text),
                DocumentBlockKind.Table => new XElement(Xhtml + "table",
                    block.Rows!.Select(row => new XElement(Xhtml + "tr", row.Select(cell => new XElement(Xhtml + "td", cell))))),
                _ => new XElement(Xhtml + "p", block.Text),
            };
            if (block.Id is not null) element.SetAttributeValue("id", block.Id);
            element.SetAttributeValue("data-line", block.Line);
            if (block.Kind == DocumentBlockKind.ListItem)
            {
                if (list is null)
                {
                    list = new XElement(Xhtml + "ul");
                    article.Add(list);
                }
                list.Add(element);
            }
            else
            {
                list = null;
                article.Add(element);
            }
        }

        var sourceLink = links.Item("sources", source.Id);
        var html = new XElement(Xhtml + "html", new XAttribute("lang", "en"),
            new XElement(Xhtml + "head",
                new XElement(Xhtml + "meta", new XAttribute("charset", "utf-8")),
                new XElement(Xhtml + "title", source.Title)),
            new XElement(Xhtml + "body",
                new XElement(Xhtml + "header",
                    new XElement(Xhtml + "h1", source.Title),
                    new XElement(Xhtml + "p", $"{source.Publisher}, {source.PublicationDate}. The plain-text extraction of the document that the rows of source ",
                        new XElement(Xhtml + "a", new XAttribute("href", sourceLink), source.Id),
                        " were transcribed from, line by line as extracted (tables as rows of cells). Headings, tables and numbered paragraphs carry the anchors that rows' locator_url links to. SHA-256 of the text: ",
                        new XElement(Xhtml + "code", document.Sha256), ".")),
                article));
        return "<!DOCTYPE html>\n" + html.ToString(SaveOptions.None) + "\n";
    }
}

/// <summary>A 200 whose body is text (HTML, plain text), written as UTF-8 without a byte-order mark.</summary>
public sealed class TextBodyResult(string mediaType, string text) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = mediaType + "; charset=utf-8";
        httpContext.Response.ContentLength = bytes.Length;
        await httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }
}
