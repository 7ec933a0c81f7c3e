using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenData.Api.Rest;
using OpenData.Query;
using OpenData.Store;
using static OpenData.Api.Site.SitePage;

namespace OpenData.Api.Site;

/// <summary>
/// The home page: what this is, the three questions people ask most, every dataset of the catalogue (rows, last
/// modified, licence) and the latest data release with what it changed. Also /datasets, the catalogue alone.
/// </summary>
public static class HomePage
{
    public static RouteGroupBuilder MapHomePage(this RouteGroupBuilder pages)
    {
        pages.MapGet("/", (HttpContext context, OpenDataDbContext db, ReleaseReader releases, CancellationToken ct) => HomeAsync(context, db, releases, ct));
        pages.MapGet("/datasets", (HttpContext context, OpenDataDbContext db, ReleaseReader releases, CancellationToken ct) => CatalogueAsync(context, db, releases, ct));
        return pages;
    }

    private static async Task<IResult> HomeAsync(HttpContext context, OpenDataDbContext db, ReleaseReader releases, CancellationToken ct)
    {
        var release = await RestRelease.ServeAsync(context, db, releases, ct);
        if (release is null) return NoRelease(context);
        var current = context.Features.Get<ServedData>()!.Release;
        var stored = await db.Releases.AsNoTracking().Where(r => r.Id == current.Id).Select(r => new { r.RowCounts, r.Changes }).SingleAsync(ct);
        var sources = await db.Sources.AsNoTracking().Where(s => s.Kind == "document").OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Title, s.Publisher }).ToListAsync(ct);

        var b = new StringBuilder();
        b.Append("<h1>Community safety data, as published</h1>\n")
            .Append("<p class=\"lead\">Ward-level crime figures for every London ward, and what councils and the police published about ")
            .Append("community safety: priorities, police targets against outcomes, and partnership actions. Every figure links to the ")
            .Append("document, table and page it was transcribed from, or to the Metropolitan Police download it came in.</p>\n")
            .Append("<h2>Questions people ask</h2>\n<ul class=\"questions\">\n")
            .Append("<li>").Append(A(Url(context, "/map"), "How much crime is there in my ward?")).Append(" The ward map, with a table of every ward.</li>\n")
            .Append("<li>").Append(A(Url(context, "/targets"), "Did the police meet their targets?")).Append(" Each target against its outcome, with its source.</li>\n")
            .Append("<li>").Append(A(Url(context, "/datasets/actions?q=anti-social+behaviour"), "What is the council doing about anti-social behaviour?"))
            .Append(" The partnership actions that mention it.</li>\n</ul>\n")
            .Append("<h2>Where the data comes from</h2>\n<p>Five published documents, transcribed by hand, and the Metropolitan Police's ward crime downloads:</p>\n<ul>\n");
        foreach (var source in sources)
        {
            b.Append("<li>").Append(A(Url(context, "/sources/" + source.Id), source.Title)).Append(" (").Append(H(source.Publisher)).Append(")</li>\n");
        }
        b.Append("<li>").Append(A(Url(context, "/datasets/sources"), "Every source")).Append(", with its licence and attribution</li>\n</ul>\n");
        b.Append(await CatalogueTableAsync(context, db, releases, current, stored.RowCounts, ct));
        b.Append(ReleaseSummary(context, current, stored.Changes));
        return Html(Render(context, "Home", b.ToString(), "home",
            "Community safety data for London wards: crime figures, priorities, targets against outcomes and partnership actions, as published."));
    }

    private static async Task<IResult> CatalogueAsync(HttpContext context, OpenDataDbContext db, ReleaseReader releases, CancellationToken ct)
    {
        var release = await RestRelease.ServeAsync(context, db, releases, ct);
        if (release is null) return NoRelease(context);
        var current = context.Features.Get<ServedData>()!.Release;
        var rowCounts = await db.Releases.AsNoTracking().Where(r => r.Id == current.Id).Select(r => r.RowCounts).SingleAsync(ct);
        var table = await CatalogueTableAsync(context, db, releases, current, rowCounts, ct);
        return Html(Render(context, "Datasets", "<h1>Datasets</h1>\n<p>Every dataset this service publishes. Each can be browsed, filtered and downloaded here, "
            + "and read through the " + A(Url(context, "/api/v1/datasets"), "REST catalogue") + ".</p>\n" + table, "datasets"));
    }

    /// <summary>The catalogue as a table. Row counts come from the release record (written by the import), so the
    /// page never counts millions of rows.</summary>
    private static async Task<string> CatalogueTableAsync(HttpContext context, OpenDataDbContext db, ReleaseReader releases, ReleaseInfo current,
        string rowCountsJson, CancellationToken ct)
    {
        var lastModified = await releases.GetDatasetLastModifiedAsync(db, current, ct);
        var rowCounts = JsonSerializer.Deserialize<Dictionary<string, long>>(rowCountsJson) ?? [];
        var package = DataPackage.Current;
        var b = new StringBuilder("<h2 id=\"datasets\">Datasets</h2>\n<div class=\"scroll\"><table class=\"data\">\n<caption>The datasets of release ")
            .Append(current.Id).Append("</caption>\n<thead><tr><th scope=\"col\">Dataset</th><th scope=\"col\">What it holds</th>")
            .Append("<th scope=\"col\" class=\"num\">Rows</th><th scope=\"col\">Last modified</th><th scope=\"col\">Licence</th></tr></thead>\n<tbody>\n");
        foreach (var dataset in DatasetCatalog.All.Where(d => d.ResourceName is not ("release_changes")))
        {
            var resource = package.FindResource(dataset.ResourceName);
            var licences = resource is { Licences.Count: > 0 } ? resource.Licences : package.Licences;
            // crime_figures is counted with the MPS monthly counts it publishes, as the catalogue does.
            var rows = rowCounts.GetValueOrDefault(dataset.ResourceName)
                + (dataset.ResourceName == "crime_figures" ? rowCounts.GetValueOrDefault("crime_counts") : 0);
            b.Append("<tr><th scope=\"row\">").Append(A(Url(context, "/datasets/" + dataset.Name), dataset.Title)).Append("</th><td>")
                .Append(H(FirstSentence(dataset.Description))).Append("</td><td class=\"num\">")
                .Append(dataset.ResourceName == "releases" ? N(current.Id) : N(rows)).Append("</td><td>")
                .Append(H(Date(lastModified.TryGetValue(dataset.ResourceName, out var modified) ? modified : current.ImportedAt))).Append("</td><td>")
                .Append(string.Join(", ", licences.Select(l => l.Path is null ? H(l.Title ?? l.Name) : A(l.Path, l.Title ?? l.Name))))
                .Append("</td></tr>\n");
        }
        return b.Append("</tbody>\n</table></div>\n").ToString();
    }

    /// <summary>The latest release and, per dataset, how many rows it added, removed and changed.</summary>
    private static string ReleaseSummary(HttpContext context, ReleaseInfo current, string changesJson)
    {
        var b = new StringBuilder("<h2 id=\"release\">Latest data release</h2>\n<p>Release ")
            .Append(A(Url(context, "/datasets/releases/" + current.Id), current.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(", imported ").Append(H(Date(current.ImportedAt))).Append(". ");
        using var changes = JsonDocument.Parse(changesJson);
        var rows = new List<(string Dataset, long Added, long Removed, long Changed)>();
        foreach (var entry in changes.RootElement.EnumerateObject())
        {
            long Count(string name) => entry.Value.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
            var row = (entry.Name, Count("added"), Count("removed"), Count("changed"));
            if (row.Item2 + row.Item3 + row.Item4 > 0) rows.Add(row);
        }
        if (rows.Count == 0) return b.Append("It changed no rows: the same data as the release before it.</p>\n").ToString();
        b.Append("What it changed since the release before it (every changed row is listed in ")
            .Append(A(Url(context, $"/api/v1/releases/{current.Id}/changes"), "its change list")).Append("):</p>\n")
            .Append("<div class=\"scroll\"><table class=\"data\">\n<caption>Rows changed by release ").Append(current.Id).Append("</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Dataset</th><th scope=\"col\" class=\"num\">Added</th><th scope=\"col\" class=\"num\">Removed</th><th scope=\"col\" class=\"num\">Changed</th></tr></thead>\n<tbody>\n");
        foreach (var (dataset, added, removed, changed) in rows)
        {
            var known = DatasetCatalog.FindResource(dataset);
            b.Append("<tr><th scope=\"row\">").Append(known is null ? H(dataset) : A(Url(context, "/datasets/" + known.Name), known.Title))
                .Append("</th><td class=\"num\">").Append(N(added)).Append("</td><td class=\"num\">").Append(N(removed))
                .Append("</td><td class=\"num\">").Append(N(changed)).Append("</td></tr>\n");
        }
        return b.Append("</tbody>\n</table></div>\n").ToString();
    }

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }

    /// <summary>503 when the store holds no release yet (the import has not run).</summary>
    public static IResult NoRelease(HttpContext context)
    {
        context.Response.Headers.RetryAfter = Hosting.PostgresRelease.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Html(Render(context, "No data yet", "<h1>No data yet</h1>\n<p>This service has no data release yet: its import has not run. Please try again shortly.</p>"),
            StatusCodes.Status503ServiceUnavailable);
    }
}
