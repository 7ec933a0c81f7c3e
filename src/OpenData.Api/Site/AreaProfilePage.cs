using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenData.Api.Hosting;
using OpenData.Api.Http;
using OpenData.Api.Rest;
using OpenData.Query;
using OpenData.Store;
using static OpenData.Api.Site.SitePage;

namespace OpenData.Api.Site;

/// <summary>
/// /areas/{code}: the profile of a ward or a borough (or any other area of the areas dataset, such as the police
/// force area some targets are set for). What it is (borough, boundary sets, population), its monthly
/// series of one police.uk category as a chart drawn here in SVG (no script) with a table of the same months, gaps
/// and unpublished months as breaks in the line, never as 0, and revised months marked; the last 12 months against
/// the 12 before; a ward's rank in its borough, a borough's wards; and what the borough's documents say: priorities,
/// targets against outcomes, partnership actions and the documents themselves, each linking to its row and to the
/// place in the document it comes from.
/// </summary>
public static class AreaProfilePage
{
    private const int ListCap = 10;

    public static RouteGroupBuilder MapAreaProfilePage(this RouteGroupBuilder pages)
    {
        pages.MapGet("/areas/{code}", ProfileAsync)
            // Sums over the monthly counts: heavy work, under the same concurrency and time limit as the API's map and series.
            .RequireAdmission();
        return pages;
    }

    private sealed record AreaFacts(string Code, string Name, string Type, string? ParentCode, string? BoundarySets, DateOnly? ValidFrom, DateOnly? ValidTo, double? Hectares);

    private static async Task<IResult> ProfileAsync(string code, HttpContext context, OpenDataDbContext db, CrimeFigureAnalysis analysis, QueryEngine engine,
        ReleaseReader releases, CancellationToken ct)
    {
        var query = CrimePageQuery.Read(context.Request, "police_uk");
        await using var snapshot = await StoreSnapshot.BeginAsync(db, ct);
        var release = await RestRelease.ServeAsync(context, db, releases, ct);
        if (release is null) return HomePage.NoRelease(context);
        var area = await db.Areas.AsNoTracking().Where(a => a.Code == code)
            .Select(a => new AreaFacts(a.Code, a.Name, a.Type, a.ParentCode, a.BoundarySets, a.ValidFrom, a.ValidTo, a.Hectares)).SingleOrDefaultAsync(ct);
        if (area is null) return Html(NotFound(context, $"No area has the code {code}."), StatusCodes.Status404NotFound);
        var categories = await query.CategoriesAsync(db, analysis, ct);
        if (query.Errors.Count > 0 || categories is null) return query.BadRequest(context, "Area profile", "map");

        var isWard = area.Type == "ward";
        // A ward's documents are its borough's; any other area (a borough, the force area) speaks for itself.
        var borough = isWard
            ? await db.Areas.AsNoTracking().Where(a => a.Code == area.ParentCode && a.Type == "borough").Select(a => new { a.Code, a.Name }).SingleOrDefaultAsync(ct)
            : new { area.Code, area.Name };
        CrimeSeries? series = null;
        try
        {
            series = await analysis.GetSeriesAsync(db, area.Code, null, null, categories, ct);
        }
        catch (QueryException)
        {
            // The area has no months to take a default range from (the City of London's wards): shown as no figures.
        }
        var categoryList = await CrimePageQuery.PoliceUkCategoriesAsync(db, ct);
        var categoryName = CrimePageQuery.CategoryName(categoryList, query.PoliceUk);
        var kind = area.Type.Replace('_', ' ');

        var b = new StringBuilder();
        b.Append("<h1>").Append(H(area.Name)).Append(" <span class=\"muted\">(").Append(H(kind)).Append(")</span></h1>\n");
        b.Append("<dl class=\"fields profile-facts\">");
        b.Append("<dt>GSS code</dt><dd>").Append(H(area.Code)).Append("</dd>");
        if (isWard && borough is not null) b.Append("<dt>Borough</dt><dd>").Append(A(SiteLinks.Area(context, borough.Code), borough.Name)).Append("</dd>");
        if (isWard) b.Append("<dt>Ward boundary sets</dt><dd>").Append(H(area.BoundarySets ?? "none")).Append("</dd>");
        if (area.ValidFrom is { } validFrom) b.Append("<dt>In force</dt><dd>from ").Append(H(Date(new DateTimeOffset(validFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))))
            .Append(area.ValidTo is { } validTo ? " to " + H(Date(new DateTimeOffset(validTo.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))) : "").Append("</dd>");
        b.Append("<dt>Residents (Census 2021)</dt><dd>")
            .Append(series?.Population is { } population ? N(population) : "<span class=\"missing\">not known for this area</span>").Append("</dd>");
        if (area.Hectares is { } hectares) b.Append("<dt>Area</dt><dd>").Append(N(hectares, 1)).Append(" hectares</dd>");
        if (borough is not null && area.Type is "ward" or "borough")
        {
            b.Append("<dt>On the map</dt><dd>").Append(A(Url(context, "/map") + "?borough=" + Uri.EscapeDataString(borough.Code) + "&police_uk=" + Uri.EscapeDataString(query.PoliceUk),
                "the wards of " + borough.Name)).Append("</dd>");
        }
        b.Append("<dt>The data</dt><dd>").Append(A(SiteLinks.Row(context, AreaDto.Dataset, area.Code), "its row in the areas dataset")).Append(", ")
            .Append(A(Url(context, "/api/v1/crime-figures/series") + "?area_code=" + Uri.EscapeDataString(area.Code) + "&police_uk=" + Uri.EscapeDataString(query.PoliceUk), "its series from the API"))
            .Append("</dd></dl>\n");

        b.Append("<form class=\"query\" method=\"get\" action=\"").Append(H(SiteLinks.Area(context, area.Code))).Append("\"><div class=\"row\">")
            .Append(CrimePageQuery.CategorySelect(categoryList, query.PoliceUk))
            .Append("<div><button type=\"submit\">Show</button></div></div></form>\n");

        b.Append("<h2 id=\"crime\">").Append(H(categoryName)).Append(" month by month</h2>\n");
        if (series is null || series.Coverage is null)
        {
            b.Append("<p class=\"missing\">The Metropolitan Police's downloads hold no monthly figures for this ").Append(H(kind))
                .Append(area.Type is "ward" or "borough" ? " (the City of London and its wards are policed by the City of London Police, not the Metropolitan Police)" : "")
                .Append(".</p>\n");
        }
        else
        {
            if (series.Note is not null) b.Append("<p class=\"note\">").Append(H(series.Note)).Append("</p>\n");
            b.Append(SeriesChart.Render(series, categoryName, area.Name));
            b.Append(YearOnYear(series));
            var last = Month.TryParse(series.Coverage.To, out var to) ? to : default;
            if (borough is not null && area.Type is "ward" or "borough")
            {
                b.Append(await RankAsync(context, db, analysis, area, borough.Code, borough.Name, last, categories, ct));
            }
        }

        if (borough is not null)
        {
            b.Append(await BoroughDocumentsAsync(context, engine, db, borough.Code, borough.Name, ct));
        }
        return Html(Render(context, $"{area.Name} ({kind})", b.ToString(), "map",
            $"{area.Name}: crime month by month, its rank, and what the borough's documents say about community safety."));
    }

    /// <summary>The last 12 published months against the 12 before, from the series itself (the same months the chart
    /// shows); a change only when both windows are wholly published.</summary>
    private static string YearOnYear(CrimeSeries series)
    {
        var months = series.Months;
        var end = months.Count - 1;
        while (end >= 0 && months[end].Value is null) end--;
        if (end < 0) return "";
        (double Sum, int Published) Window(int last) => (
            Enumerable.Range(Math.Max(0, last - 11), Math.Max(0, Math.Min(12, last + 1))).Sum(i => months[i].Value ?? 0),
            Enumerable.Range(Math.Max(0, last - 11), Math.Max(0, Math.Min(12, last + 1))).Count(i => months[i].Value is not null));
        var recent = Window(end);
        var before = end - 12 >= 0 ? Window(end - 12) : (0, 0);
        var b = new StringBuilder("<h3 id=\"yoy\">The last 12 months against the 12 before</h3>\n<p class=\"yoy\">");
        b.Append("In the 12 months to ").Append(H(CrimePageQuery.ShortMonth(months[end].Month))).Append(": <strong>").Append(N((long)recent.Sum)).Append("</strong>");
        if (recent.Published < 12) b.Append(" (").Append(recent.Published).Append(" of the 12 months published)");
        if (recent.Published == 12 && before.Item2 == 12)
        {
            var change = recent.Sum - before.Item1;
            b.Append(", ").Append(change > 0 ? "up" : change < 0 ? "down" : "no change").Append(change == 0 ? "" : " " + N((long)Math.Abs(change)));
            if (before.Item1 > 0) b.Append(" (").Append(change >= 0 ? "+" : "−").Append(N(Math.Abs(change) * 100 / before.Item1, 1)).Append("%)");
            b.Append(" on the 12 months before (").Append(N((long)before.Item1)).Append(").");
        }
        else
        {
            b.Append(". No change is given: the 12 months before have ").Append(before.Item2).Append(" of 12 months published (a gap or before the coverage), and a part-year is never compared with a whole one.");
        }
        return b.Append("</p>\n").ToString();
    }

    /// <summary>A ward's rank among its borough's wards by count and by rate over the last 12 months; for a borough,
    /// its wards in that order.</summary>
    private static async Task<string> RankAsync(HttpContext context, OpenDataDbContext db, CrimeFigureAnalysis analysis, AreaFacts area, string boroughCode, string boroughName,
        Month last, CategorySelection categories, CancellationToken ct)
    {
        var first = last.AddMonths(-11);
        var wardCodes = await db.Areas.AsNoTracking().Where(a => a.Type == "ward" && a.ParentCode == boroughCode).Select(a => a.Code).ToListAsync(ct);
        var rows = (await analysis.AggregateAsync(db, new AggregateQuery { GroupBy = [AggregateKey.Area], AreaCodes = [boroughCode], From = first, To = last, Categories = categories }, ct))
            .Where(r => r.AreaCode is not null && wardCodes.Contains(r.AreaCode)).ToList();
        var byValue = rows.OrderByDescending(r => r.Value).ToList();
        var withRate = rows.Where(r => r.RatePer1000 is not null).OrderByDescending(r => r.RatePer1000).ToList();
        var window = CrimePageQuery.MonthText(first) + " to " + CrimePageQuery.MonthText(last);
        var b = new StringBuilder();
        if (area.Type == "ward")
        {
            b.Append("<h3 id=\"rank\">Rank in ").Append(H(boroughName)).Append("</h3>\n<p>").Append(H(window)).Append(", among the borough's wards with figures (1st: the most crime): ");
            var valueRank = byValue.FindIndex(r => r.AreaCode == area.Code);
            var rateRank = withRate.FindIndex(r => r.AreaCode == area.Code);
            if (valueRank < 0)
            {
                return b.Append("<span class=\"missing\">no figures for this ward in these months</span>.</p>\n").ToString();
            }
            b.Append("<strong>").Append(CrimePageQuery.Ordinal(valueRank + 1)).Append(" of ").Append(byValue.Count).Append("</strong> by number of crimes (")
                .Append(N((long)byValue[valueRank].Value)).Append("), ");
            b.Append(rateRank < 0
                ? "<span class=\"missing\">no rank by rate (" + H(CrimePageQuery.NullReasonText(byValue[valueRank].RateNullReason)) + ")</span>"
                : "<strong>" + CrimePageQuery.Ordinal(rateRank + 1) + " of " + withRate.Count + "</strong> by crimes per 1,000 residents (" + N(withRate[rateRank].RatePer1000!.Value, 2) + ")");
            return b.Append(".</p>\n").ToString();
        }
        b.Append("<h3 id=\"wards\">Its wards</h3>\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"wards\"><table class=\"data\">\n<caption>Crimes in each ward, ")
            .Append(H(window)).Append("</caption>\n<thead><tr><th scope=\"col\">Ward</th><th scope=\"col\" class=\"num\">Crimes</th><th scope=\"col\" class=\"num\">Per 1,000 residents</th><th scope=\"col\" class=\"num\">Months</th></tr></thead>\n<tbody>\n");
        foreach (var row in byValue)
        {
            b.Append("<tr><th scope=\"row\">").Append(A(SiteLinks.Area(context, row.AreaCode!), row.AreaName ?? row.AreaCode!)).Append("</th><td class=\"num\">").Append(N((long)row.Value))
                .Append("</td><td class=\"num\">").Append(row.RatePer1000 is { } rate ? N(rate, 2) : "<span class=\"missing\">" + H(CrimePageQuery.NullReasonText(row.RateNullReason)) + "</span>")
                .Append("</td><td class=\"num\">").Append(row.Months).Append("</td></tr>\n");
        }
        return b.Append("</tbody>\n</table></div>\n").ToString();
    }

    /// <summary>What the borough's documents say: a few rows of each dataset with links to the rest.</summary>
    private static async Task<string> BoroughDocumentsAsync(HttpContext context, QueryEngine engine, OpenDataDbContext db, string boroughCode, string boroughName, CancellationToken ct)
    {
        var filter = FilterNode.Where("area_code", FilterOperator.Eq, boroughCode);
        var b = new StringBuilder("<h2 id=\"documents\">What ").Append(H(boroughName)).Append("'s documents say</h2>\n");

        var priorities = await engine.ReadPageAsync(db, PriorityDto.Dataset, new DatasetQuery
        {
            Filter = filter, Sort = [new SortField("period_start", SortDirection.Descending), new SortField("printed_order", SortDirection.Ascending)],
            Page = new PageRequest(First: ListCap), IncludeTotal = true,
        }, ct);
        b.Append("<h3 id=\"priorities\">Priorities</h3>\n");
        if (priorities.Items.Count == 0) b.Append("<p class=\"missing\">No priorities published for ").Append(H(boroughName)).Append(".</p>\n");
        else
        {
            b.Append("<ul>");
            foreach (var p in priorities.Items)
            {
                b.Append("<li>").Append(A(SiteLinks.Row(context, PriorityDto.Dataset, p.Id), p.Title)).Append(" (").Append(H(Period(p.PeriodStart, p.PeriodEnd))).Append(")")
                    .Append(" — ").Append(SourceLink(context, p.SourceId, p.Locator, p.LocatorUrl)).Append("</li>");
            }
            b.Append("</ul>\n").Append(More(context, PriorityDto.Dataset, boroughCode, boroughName, priorities.Items.Count, priorities.TotalCount, "priorities"));
        }

        var targets = await engine.ReadPageAsync(db, TargetDto.Dataset, new DatasetQuery
        {
            Filter = filter, Sort = [new SortField("period_start", SortDirection.Descending)], Page = new PageRequest(First: ListCap), IncludeTotal = true,
        }, ct);
        b.Append("<h3 id=\"targets\">Targets against outcomes</h3>\n");
        if (targets.Items.Count == 0) b.Append("<p class=\"missing\">No targets published for ").Append(H(boroughName)).Append(".</p>\n");
        else
        {
            b.Append(TargetsPage.Table(context, targets.Items, "Targets of " + boroughName + ", newest first", showArea: false));
            b.Append(More(context, TargetDto.Dataset, boroughCode, boroughName, targets.Items.Count, targets.TotalCount, "targets"))
                .Append("<p>").Append(A(Url(context, "/targets"), "Every target against its outcome, and how met or missed is computed")).Append(".</p>\n");
        }

        var actions = await engine.ReadPageAsync(db, ActionDto.Dataset, new DatasetQuery { Filter = filter, Page = new PageRequest(First: ListCap), IncludeTotal = true }, ct);
        b.Append("<h3 id=\"actions\">Partnership actions</h3>\n");
        if (actions.Items.Count == 0) b.Append("<p class=\"missing\">No partnership actions published for ").Append(H(boroughName)).Append(".</p>\n");
        else
        {
            b.Append("<ul>");
            foreach (var a in actions.Items)
            {
                b.Append("<li>").Append(A(SiteLinks.Row(context, ActionDto.Dataset, a.Id), Shorten(a.Text, 160)))
                    .Append(a.DueDate is { } due ? " (due " + H(due.ToString("MMMM yyyy", CultureInfo.InvariantCulture)) + ")" : "")
                    .Append(" — ").Append(SourceLink(context, a.SourceId, a.Locator, a.LocatorUrl)).Append("</li>");
            }
            b.Append("</ul>\n").Append(More(context, ActionDto.Dataset, boroughCode, boroughName, actions.Items.Count, actions.TotalCount, "partnership actions"));
        }

        var sources = await engine.ReadPageAsync(db, SourceDto.Dataset, new DatasetQuery
        {
            Filter = FilterNode.And(filter, FilterNode.Where("kind", FilterOperator.Eq, "document")), Page = new PageRequest(First: ListCap), IncludeTotal = true,
        }, ct);
        b.Append("<h3 id=\"sources\">Source documents</h3>\n");
        if (sources.Items.Count == 0) b.Append("<p class=\"missing\">No documents of ").Append(H(boroughName)).Append(" are transcribed here.</p>\n");
        else
        {
            b.Append("<ul>");
            foreach (var s in sources.Items)
            {
                b.Append("<li>").Append(A(SiteLinks.Source(context, s.Id), s.Title)).Append(" (").Append(H(s.Publisher)).Append(", ").Append(H(s.PublicationDate)).Append(")</li>");
            }
            b.Append("</ul>\n");
        }
        return b.ToString();
    }

    /// <summary>"source: {locator}", linking to the place in the document (the row's locator_url as a site page).</summary>
    public static string SourceLink(HttpContext context, string sourceId, string locator, string? locatorUrl)
    {
        var href = SiteLinks.FromApi(context, locatorUrl is null ? null : context.Request.PathBase + locatorUrl) ?? SiteLinks.Source(context, sourceId);
        return A(href, "source: " + sourceId + ", " + Shorten(locator, 60));
    }

    private static string More(HttpContext context, IDataset dataset, string boroughCode, string name, int shown, long? total, string what) =>
        total is { } count && count > shown
            ? "<p>" + A(SiteLinks.Dataset(context, dataset) + "?area_code=" + Uri.EscapeDataString(boroughCode), $"All {N(count)} {what} of {name}") + "</p>\n"
            : "";

    public static string Period(DateOnly start, DateOnly end) =>
        start.ToString("MMM yyyy", CultureInfo.InvariantCulture) + " to " + end.ToString("MMM yyyy", CultureInfo.InvariantCulture);

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)].TrimEnd() + "…";
}
