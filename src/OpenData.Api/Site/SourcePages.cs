using System.Text;
using Microsoft.Extensions.Primitives;
using OpenData.Api.Rest;
using OpenData.Query;
using OpenData.Store;
using static OpenData.Api.Site.SitePage;

namespace OpenData.Api.Site;

/// <summary>
/// <c>/sources</c>: every source rows come from (documents and datasets) with publisher, licence and attribution;
/// <c>/sources/{id}</c>: a document's transcribed text in the site's frame, with a table of contents and the same
/// anchors as the API's rendering (<see cref="SourceDocumentsApi.Page"/>: both take them from
/// <see cref="SourceDocument.Blocks"/>), so every row's locator_url lands here on its place; or, for a dataset
/// source, its record. Both list the rows that cite the source.
/// </summary>
public static class SourcePages
{
    public static RouteGroupBuilder MapSourcePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/sources", ListAsync);
        pages.MapGet("/sources/{id}", SourceAsync);
        return pages;
    }

    private static async Task<IResult> ListAsync(HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken ct)
    {
        var release = await RestRelease.ServeAsync(context, db, releases, ct);
        if (release is null) return HomePage.NoRelease(context);
        var sources = await AllAsync(db, engine, ct);
        var b = new StringBuilder("<h1>Sources</h1>\n<p class=\"lead\">Every row of every dataset names the source it comes from: a published document, ")
            .Append("transcribed by hand (its text is here, with an anchor at every heading, table and numbered paragraph rows point to), or a published dataset. ")
            .Append("Reuse the data with the attribution each source gives.</p>\n");
        AppendTable(context, b, "documents", "Documents", sources.Where(s => s.Kind == "document").ToList());
        AppendTable(context, b, "datasets", "Datasets", sources.Where(s => s.Kind != "document").ToList());
        b.Append("<p>The same list as a dataset: ").Append(A(SiteLinks.Dataset(context, SourceDto.Dataset), "Sources")).Append(".</p>\n");
        return Html(Render(context, "Sources", b.ToString(), "sources", "The documents and datasets the community safety data comes from, with licence and attribution."));
    }

    private static async Task<IReadOnlyList<SourceDto>> AllAsync(OpenDataDbContext db, QueryEngine engine, CancellationToken ct)
    {
        var rows = new List<SourceDto>();
        string? after = null;
        do
        {
            var page = await engine.ReadPageAsync(db, SourceDto.Dataset, new DatasetQuery { Page = new PageRequest(First: engine.Options.MaxPageSize, After: after) }, ct);
            rows.AddRange(page.Items);
            after = page.HasNextPage ? page.EndCursor : null;
        }
        while (after is not null);
        return rows;
    }

    private static void AppendTable(HttpContext context, StringBuilder b, string id, string heading, IReadOnlyList<SourceDto> sources)
    {
        b.Append("<h2 id=\"").Append(id).Append("\">").Append(H(heading)).Append("</h2>\n")
            .Append("<div class=\"scroll\" role=\"region\" aria-labelledby=\"").Append(id).Append("-caption\" tabindex=\"0\"><table class=\"data\">\n<caption id=\"")
            .Append(id).Append("-caption\">").Append(N(sources.Count)).Append(' ').Append(H(heading.ToLowerInvariant())).Append("</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Title</th><th scope=\"col\">Publisher</th><th scope=\"col\">Published</th><th scope=\"col\">Licence</th><th scope=\"col\">Attribution</th></tr></thead>\n<tbody>\n");
        foreach (var s in sources)
        {
            b.Append("<tr><th scope=\"row\">").Append(A(SiteLinks.Source(context, s.Id), s.Title)).Append("</th><td>").Append(H(s.Publisher))
                .Append("</td><td>").Append(H(s.PublicationDate)).Append("</td><td>").Append(H(s.Licence)).Append(s.LicenceStatus == "stated" ? "" : " <span class=\"muted\">(" + H(s.LicenceStatus) + ")</span>")
                .Append("</td><td class=\"long\">").Append(H(s.Attribution)).Append("</td></tr>\n");
        }
        b.Append("</tbody>\n</table></div>\n");
    }

    private static async Task<IResult> SourceAsync(string id, HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken ct)
    {
        var release = await RestRelease.ServeAsync(context, db, releases, ct);
        if (release is null) return HomePage.NoRelease(context);
        var source = await engine.GetByKeyAsync(db, SourceDto.Dataset, id, null, ct);
        if (source is null) return Html(NotFound(context, $"No source has id '{id}'; the list of sources is at /sources."), StatusCodes.Status404NotFound);
        var document = SourceDocuments.Find(id);

        var b = new StringBuilder();
        b.Append("<nav class=\"crumbs\" aria-label=\"Breadcrumb\">").Append(A(Url(context, "/sources"), "Sources")).Append(" › ").Append(H(id)).Append("</nav>\n")
            .Append("<h1>").Append(H(source.Title)).Append("</h1>\n<dl class=\"fields\">\n");
        Field(b, "Publisher", H(source.Publisher));
        Field(b, "Published", H(source.PublicationDate));
        Field(b, "Kind", H(source.Kind));
        if (source.Summary is not null) Field(b, "Summary", H(source.Summary));
        if (source.File is not null) Field(b, "File", "<code>" + H(source.File) + "</code>");
        Field(b, "Licence", H(source.Licence) + (source.LicenceStatus == "stated" ? "" : $" ({H(source.LicenceStatus)})"));
        Field(b, "Attribution", H(source.Attribution));
        if (source.Notes is not null) Field(b, "Notes", H(source.Notes));
        Field(b, "Record", A(SiteLinks.Row(context, SourceDto.Dataset, id), "every field of this source")
            + (document is null ? "" : ", and the text as " + A(RestLinks.For(context).Path("sources", id, "document") + "?format=text", "plain text")));
        b.Append("</dl>\n");

        b.Append(await CitingRowsAsync(context, db, engine, id, ct));
        if (document is not null) AppendDocument(b, document);
        return Html(Render(context, source.Title, b.ToString(), "sources", $"{source.Title} ({source.Publisher}, {source.PublicationDate})"));
    }

    private static void Field(StringBuilder b, string name, string html) => b.Append("<dt>").Append(H(name)).Append("</dt><dd>").Append(html).Append("</dd>\n");

    /// <summary>How many rows of each dataset cite the source, each a link to them (the dataset page's own count,
    /// default filters included, so the number is the page's).</summary>
    private static async Task<string> CitingRowsAsync(HttpContext context, OpenDataDbContext db, QueryEngine engine, string id, CancellationToken ct)
    {
        var b = new StringBuilder();
        foreach (var dataset in DatasetCatalog.All.Where(d => d.FindField("source_id") is { Filterable: true }))
        {
            KeyValuePair<string, StringValues>[] query = [new("source_id", id)];
            if (await DatasetPages.CountAsync(dataset, db, engine, query, ct) is not ({ } count and > 0)) continue;
            b.Append("<li>").Append(A(RestLinks.WithQuery(SiteLinks.Dataset(context, dataset), query), dataset.Title)).Append(": ")
                .Append(N(count)).Append(' ').Append(H(count == 1 ? dataset.Noun : dataset.ResourceName.Replace('_', ' '))).Append("</li>\n");
        }
        return b.Length == 0
            ? "<h2 id=\"site-cited-by\">Rows from this source</h2>\n<p>No published row cites this source.</p>\n"
            : "<h2 id=\"site-cited-by\">Rows from this source</h2>\n<ul>\n" + b + "</ul>\n";
    }

    /// <summary>
    /// The document: a contents list of its headings, then its blocks with the anchors the API's page gives them
    /// (a heading's slug, #tab-N, #para-N, a contents page's #page-N as an empty marker, #document around it all).
    /// The page's own ids start with site- so that no heading's slug can collide with them.
    /// </summary>
    private static void AppendDocument(StringBuilder b, SourceDocument document)
    {
        var headings = document.Blocks.Where(block => block.Kind == DocumentBlockKind.Heading && block.Id is not null).ToList();
        b.Append("<h2 id=\"site-text\">The document</h2>\n<p>The text as extracted from the published document, line by line (tables as rows of cells). ")
            .Append("Rows link to its headings, tables and numbered paragraphs; SHA-256 of the text: <code>").Append(H(document.Sha256)).Append("</code>.</p>\n");
        if (headings.Count > 0)
        {
            b.Append("<nav class=\"toc\" aria-labelledby=\"site-contents\"><h3 id=\"site-contents\">Contents</h3>\n<ol>\n");
            foreach (var heading in headings)
            {
                b.Append("<li><a href=\"#").Append(H(heading.Id)).Append("\">").Append(H(heading.Text)).Append("</a></li>\n");
            }
            b.Append("</ol>\n</nav>\n");
        }
        b.Append("<article class=\"document\" id=\"").Append(SourceDocument.StartAnchor).Append("\" aria-labelledby=\"site-text\">\n");
        var inList = false;
        void EndList()
        {
            if (inList) b.Append("</ul>\n");
            inList = false;
        }
        foreach (var block in document.Blocks)
        {
            foreach (var page in block.Pages ?? [])
            {
                EndList();
                b.Append("<span class=\"page\" id=\"").Append(H(page)).Append("\"></span>\n");
            }
            if (block.Kind != DocumentBlockKind.ListItem) EndList();
            var id = block.Id is null ? "" : $" id=\"{H(block.Id)}\"";
            switch (block.Kind)
            {
                case DocumentBlockKind.Heading:
                    b.Append("<h3").Append(id).Append('>').Append(H(block.Text)).Append("</h3>\n");
                    break;
                case DocumentBlockKind.ListItem:
                    if (!inList) b.Append("<ul>\n");
                    inList = true;
                    b.Append("<li").Append(id).Append('>').Append(H(block.Text)).Append("</li>\n");
                    break;
                case DocumentBlockKind.Table:
                    // Scrolled when wide, so focusable for keyboard readers.
                    b.Append("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table at line ").Append(block.Line).Append("\"><table").Append(id).Append(" class=\"transcribed\">\n");
                    foreach (var cells in block.Rows!)
                    {
                        b.Append("<tr>");
                        foreach (var cell in cells) b.Append("<td>").Append(H(cell)).Append("</td>");
                        b.Append("</tr>\n");
                    }
                    b.Append("</table></div>\n");
                    break;
                default:
                    b.Append("<p").Append(id).Append('>').Append(H(block.Text)).Append("</p>\n");
                    break;
            }
        }
        EndList();
        b.Append("</article>\n");
    }
}
