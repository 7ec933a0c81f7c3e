using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenData.Api.Hosting;
using OpenData.Api.Http;
using OpenData.Api.Rest;
using OpenData.Query;
using OpenData.Store;
using static OpenData.Api.Site.SitePage;

namespace OpenData.Api.Site;

/// <summary>
/// /map: a ward choropleth of one police.uk category over a range of months. The server renders the choices (a GET
/// form), the legend with its class breaks and the same numbers as a table grouped by borough, so the page works
/// without JavaScript; map.js draws the wards from the API's own GeoJSON (/api/v1/crime-figures/map with the same
/// query), coloured with the breaks the server computed, so the map, its legend and the table never disagree.
/// </summary>
public static class MapPage
{
    /// <summary>ColorBrewer YlGnBu, 5 classes: light to dark, safe for the common colour-vision deficiencies, and
    /// its lightness rises steadily so it also reads in greyscale.</summary>
    public static readonly string[] Palette = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"];

    private const int Classes = 5;

    public static RouteGroupBuilder MapMapPage(this RouteGroupBuilder pages)
    {
        pages.MapGet("/map", MapAsync)
            // Sums over the monthly counts: heavy work, under the same concurrency and time limit as the API's map and series.
            .RequireAdmission();
        return pages;
    }

    private static async Task<IResult> MapAsync(HttpContext context, OpenDataDbContext db, CrimeFigureAnalysis analysis, ReleaseReader releases, CancellationToken ct)
    {
        var query = CrimePageQuery.Read(context.Request, "police_uk", "from", "to", "boundary_set", "measure", "borough");
        var from = query.Month("from");
        var to = query.Month("to");
        var measure = query["measure"] ?? "count";
        if (measure is not ("count" or "rate")) query.Errors.Add($"measure must be count or rate (not '{measure}').");
        var boundarySet = query["boundary_set"];
        if (boundarySet is not null && CrimeFigureAnalysis.CheckBoundarySet(boundarySet) is { } wrongSet) query.Errors.Add("boundary_set: " + wrongSet.Message);
        if (from is { } f && to is { } t && f > t) query.Errors.Add($"from ({f}) is after to ({t}).");

        await using var snapshot = await StoreSnapshot.BeginAsync(db, ct);
        var release = await RestRelease.ServeAsync(context, db, releases, ct);
        if (release is null) return HomePage.NoRelease(context);
        var categories = await query.CategoriesAsync(db, analysis, ct);
        var boroughs = await db.Areas.AsNoTracking().Where(a => a.Type == "borough").OrderBy(a => a.Name)
            .Select(a => new { a.Code, a.Name }).ToListAsync(ct);
        var borough = query["borough"];
        if (borough is not null && boroughs.All(b => b.Code != borough)) query.Errors.Add($"borough: no London borough has code '{borough}' (give its GSS code, e.g. E09000020).");
        if (query.Errors.Count > 0 || categories is null) return query.BadRequest(context, "Ward map", "map");

        var downloads = await analysis.GetDownloadsAsync(db, ct);
        var latest = Month.TryParse(downloads.LatestMonth, out var l) ? l : new Month(2024, 1);
        to ??= from ?? latest;
        from ??= to;
        boundarySet ??= WardSetOf(downloads, to.Value);
        IReadOnlyList<MapWard> wards;
        try
        {
            wards = await analysis.MapAsync(db, boundarySet, from.Value, to.Value, categories, ct);
        }
        catch (QueryException e)
        {
            query.Errors.AddRange(e.Errors.Select(error => error.Message));
            return query.BadRequest(context, "Ward map", "map");
        }

        var parents = await db.Areas.AsNoTracking().Where(a => a.Type == "ward").Select(a => new { a.Code, a.ParentCode })
            .ToDictionaryAsync(a => a.Code, a => a.ParentCode, ct);
        var boroughNames = boroughs.ToDictionary(b => b.Code, b => b.Name);
        var categoryList = await CrimePageQuery.PoliceUkCategoriesAsync(db, ct);
        var categoryName = CrimePageQuery.CategoryName(categoryList, query.PoliceUk);
        var byRate = measure == "rate";
        double? Measure(MapWard w) => byRate ? w.RatePer1000 : w.Value;
        List<double> shownValues = [.. wards.Select(Measure).OfType<double>().Order()];
        var breaks = Breaks(shownValues);
        var colours = ClassColours(breaks.Length + 1);

        var period = from == to ? CrimePageQuery.MonthText(from.Value) : CrimePageQuery.MonthText(from.Value) + " to " + CrimePageQuery.MonthText(to.Value);
        var measureText = byRate ? "crimes per 1,000 residents" : "crimes recorded";
        // The wards shown: London's, or the chosen borough's (the classes stay London's, so boroughs compare).
        var shownWards = borough is null ? wards : wards.Where(w => parents.GetValueOrDefault(w.Code) == borough).ToList();
        var withFigures = shownWards.Count(w => Measure(w) is not null);
        var place = borough is null ? "each London ward" : "each ward of " + boroughs.First(x => x.Code == borough).Name;
        var b = new StringBuilder();
        b.Append("<h1>Ward map: ").Append(H(categoryName)).Append(", ").Append(H(period)).Append("</h1>\n")
            .Append("<p class=\"lead\">").Append(H(measureText[..1].ToUpperInvariant() + measureText[1..])).Append(" in ").Append(H(place)).Append(" (").Append(H(boundarySet)).Append(" boundary set), from the Metropolitan Police's ward crime downloads. ")
            .Append(N(withFigures)).Append(" of ").Append(N(shownWards.Count))
            .Append(byRate ? " wards have a rate (figures and a Census 2021 population, known for the 2022 wards)" : " wards have figures")
            .Append("; the others are shown as missing, never as 0.</p>\n");
        if (categories.MissesSomeScheme) b.Append("<p class=\"note\">").Append(H(categories.NotInSchemeNote())).Append("</p>\n");
        b.Append(Form(context, categoryList, query.PoliceUk, from.Value, to.Value, boundarySet, measure, borough, boroughs.Select(x => (x.Code, x.Name)).ToList()));

        // The API's GeoJSON of the same question: the script draws it.
        var apiQuery = $"boundary_set={Uri.EscapeDataString(boundarySet)}&from={from}&to={to}&police_uk={Uri.EscapeDataString(query.PoliceUk)}";
        var reasons = new Dictionary<string, string>
        {
            [NullReasons.Gap] = CrimePageQuery.NullReasonText(NullReasons.Gap),
            [NullReasons.NotPublished] = CrimePageQuery.NullReasonText(NullReasons.NotPublished),
            [NullReasons.CategoryNotInScheme] = CrimePageQuery.NullReasonText(NullReasons.CategoryNotInScheme),
            [NullReasons.NotInWardSet] = CrimePageQuery.NullReasonText(NullReasons.NotInWardSet),
            [RateNullReasons.NoPopulation] = CrimePageQuery.NullReasonText(RateNullReasons.NoPopulation),
        };
        b.Append("<h2 id=\"map-heading\">The map</h2>\n")
            .Append("<p><a href=\"#ward-table\">Skip the map: every ward's figure is in the table below</a>.</p>\n")
            .Append("<div id=\"ward-map\" class=\"ward-map\" data-geojson=\"").Append(H(Url(context, "/api/v1/crime-figures/map") + "?" + apiQuery))
            .Append("\" data-boroughs=\"").Append(H(Url(context, "/api/v1/areas") + "?type=borough&format=geojson&fields=code,name"))
            .Append("\" data-area-url=\"").Append(H(Url(context, "/areas/"))).Append("\" data-measure=\"").Append(measure)
            .Append("\" data-breaks=\"").Append(string.Join(",", breaks.Select(x => x.ToString(CultureInfo.InvariantCulture))))
            .Append("\" data-palette=\"").Append(string.Join(",", colours)).Append('"');
        if (borough is not null) b.Append(" data-borough=\"").Append(H(borough)).Append('"');
        b.Append(" data-reasons=\"").Append(H(JsonSerializer.Serialize(reasons))).Append("\">\n")
            .Append("<p class=\"map-status\" role=\"status\">The map is drawn by JavaScript from the figures of the ")
            .Append(A(Url(context, "/api/v1/crime-figures/map") + "?" + apiQuery, "ward map's GeoJSON")).Append(".</p>\n</div>\n");
        b.Append(Legend(breaks, shownValues, colours, byRate, measureText));

        b.Append(Table(context, wards, parents, boroughNames, borough, byRate, breaks, categoryName, period, boundarySet));
        b.Append("<p class=\"note\">The same figures from the API: ")
            .Append(A(Url(context, "/api/v1/crime-figures/map") + "?" + apiQuery, "GeoJSON")).Append(", or ")
            .Append(A(Url(context, "/api/v1/crime-figures/aggregates") + $"?group_by=area&from={from}&to={to}&police_uk={Uri.EscapeDataString(query.PoliceUk)}&format=csv", "a CSV of every ward"))
            .Append(".</p>\n");
        return Html(Render(context, $"Ward map: {categoryName}, {period}", b.ToString(), "map",
            $"{categoryName} in each London ward, {period}: a map and a table.", "map.js"));
    }

    /// <summary>The ward set of the download current for <paramref name="month"/> (so the map's wards are the ones the
    /// figures were published for); in a gap, that of the newest download before it; else the newest set.</summary>
    private static string WardSetOf(DownloadCatalogue downloads, Month month)
    {
        var text = month.ToString();
        var wardFiles = downloads.Downloads.Where(d => d.Kind == "ward" && d.WardSet is not null).ToList();
        var current = wardFiles.FirstOrDefault(d => d.CurrentMonths.Any(r => string.CompareOrdinal(r.From, text) <= 0 && string.CompareOrdinal(text, r.To) <= 0))
            ?? wardFiles.Where(d => string.CompareOrdinal(d.FirstMonth, text) <= 0).MaxBy(d => d.LastMonth)
            ?? wardFiles.MaxBy(d => d.LastMonth);
        return current?.WardSet ?? CrimeFigureAnalysis.MapBoundarySets[^1];
    }

    /// <summary>Quantile class breaks (upper bounds of every class but the last) of the sorted values: at most
    /// <see cref="Classes"/> classes, fewer when values repeat (no empty class).</summary>
    public static double[] Breaks(IReadOnlyList<double> sorted)
    {
        if (sorted.Count == 0) return [];
        var breaks = new List<double>();
        for (var k = 1; k < Classes; k++)
        {
            var value = sorted[(int)Math.Ceiling(k * sorted.Count / (double)Classes) - 1];
            if (value < sorted[^1] && (breaks.Count == 0 || value > breaks[^1])) breaks.Add(value);
        }
        return [.. breaks];
    }

    /// <summary>The class of a value: the first class whose upper break it does not exceed.</summary>
    public static int ClassOf(double value, double[] breaks)
    {
        var i = 0;
        while (i < breaks.Length && value > breaks[i]) i++;
        return i;
    }

    /// <summary>Colours for <paramref name="count"/> classes, spread over the palette so the darkest stays darkest.</summary>
    private static string[] ClassColours(int count) => count <= 1
        ? [Palette[2]]
        : [.. Enumerable.Range(0, count).Select(i => Palette[(int)Math.Round(i * (Palette.Length - 1) / (double)(count - 1))])];

    private static string Value(double value, bool byRate) => byRate ? N(value, 2) : N((long)value);

    private static string Legend(double[] breaks, List<double> sorted, string[] colours, bool byRate, string measureText)
    {
        var b = new StringBuilder("<h3 id=\"legend-heading\">Legend</h3>\n<ul class=\"legend\" aria-labelledby=\"legend-heading\">");
        for (var i = 0; sorted.Count > 0 && i <= breaks.Length; i++)
        {
            var low = i == 0 ? Value(sorted[0], byRate) : "over " + Value(breaks[i - 1], byRate);
            var high = i < breaks.Length ? breaks[i] : sorted[^1];
            b.Append("<li data-class=\"").Append(i).Append("\">").Append(Swatch(colours[i])).Append(low).Append(" to ").Append(Value(high, byRate)).Append("</li>");
        }
        b.Append("<li data-class=\"missing\">").Append(Swatch(null)).Append(byRate ? "no figures (gap / not published) or no population" : "no figures (gap / not published)").Append("</li></ul>\n")
            .Append("<p class=\"note\">Classes are quintiles of London's wards' ").Append(H(measureText))
            .Append(": each holds about a fifth of the wards with figures. A borough's map keeps London's classes, so boroughs compare.</p>\n");
        return b.ToString();
    }

    /// <summary>A legend swatch as a tiny inline SVG (the CSP allows no style attribute; fill is presentation).</summary>
    private static string Swatch(string? colour) => colour is null
        ? "<svg class=\"swatch\" width=\"20\" height=\"14\" aria-hidden=\"true\"><rect width=\"20\" height=\"14\" fill=\"#ffffff\"/>"
          + "<path d=\"M0 14L14 0M6 14L20 0M-6 14L8 0M12 14L26 0\" stroke=\"#505a5f\" stroke-width=\"1.5\"/></svg>"
        : $"<svg class=\"swatch\" width=\"20\" height=\"14\" aria-hidden=\"true\"><rect width=\"20\" height=\"14\" fill=\"{colour}\"/></svg>";

    /// <summary>Every ward with its figure, grouped by borough (one heading row each instead of a column, which
    /// keeps the page small), or the chosen borough's wards only.</summary>
    private static string Table(HttpContext context, IReadOnlyList<MapWard> wards, Dictionary<string, string?> parents, Dictionary<string, string> boroughNames,
        string? borough, bool byRate, double[] breaks, string categoryName, string period, string boundarySet)
    {
        var groups = wards
            .Select(w => (Ward: w, Borough: parents.GetValueOrDefault(w.Code) is { } p && boroughNames.TryGetValue(p, out var name) ? (p, name) : ("", "Other areas")))
            .Where(x => borough is null || x.Borough.Item1 == borough)
            .GroupBy(x => x.Borough)
            .OrderBy(g => g.Key.Item2, StringComparer.Ordinal);
        var b = new StringBuilder("<h2 id=\"ward-table\">Every ward's figure</h2>\n");
        if (borough is not null)
        {
            b.Append("<p>The wards of ").Append(H(boroughNames[borough])).Append(" only (")
                .Append(A(Url(context, "/map") + QueryWithout(context, "borough"), "every London ward")).Append(").</p>\n");
        }
        b.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"ward-table\"><table class=\"data wards\">\n<caption>")
            .Append(H(categoryName)).Append(", ").Append(H(period)).Append(", wards of the ").Append(H(boundarySet)).Append(" set")
            .Append(byRate ? " (map coloured by rate)" : " (map coloured by count)")
            .Append("</caption>\n<thead><tr><th scope=\"col\">Ward</th><th scope=\"col\" class=\"num\">Crimes</th><th scope=\"col\" class=\"num\">Per 1,000 residents</th><th scope=\"col\" class=\"num\">Map class</th></tr></thead>\n");
        foreach (var group in groups)
        {
            b.Append("<tbody><tr><th scope=\"rowgroup\" colspan=\"4\">");
            b.Append(group.Key.Item1.Length > 0 ? A(SiteLinks.Area(context, group.Key.Item1), group.Key.Item2) : H(group.Key.Item2));
            b.Append("</th></tr>\n");
            foreach (var (w, _) in group.OrderBy(x => x.Ward.Name, StringComparer.Ordinal))
            {
                b.Append("<tr data-area-code=\"").Append(H(w.Code)).Append("\"><th scope=\"row\">").Append(A(SiteLinks.Area(context, w.Code), w.Name)).Append("</th>");
                if (w.Value is { } value)
                {
                    b.Append("<td class=\"num\">").Append(N((long)value)).Append("</td><td class=\"num\">")
                        .Append(w.RatePer1000 is { } rate ? N(rate, 2) : "<span class=\"missing\">" + H(CrimePageQuery.NullReasonText(w.RateNullReason)) + "</span>")
                        .Append("</td>");
                }
                else
                {
                    b.Append("<td colspan=\"2\" class=\"missing\">missing: ").Append(H(CrimePageQuery.NullReasonText(w.NullReason))).Append("</td>");
                }
                var shown = byRate ? w.RatePer1000 : w.Value;
                b.Append("<td class=\"num\">").Append(shown is { } v ? (ClassOf(v, breaks) + 1).ToString(CultureInfo.InvariantCulture) : "none").Append("</td></tr>\n");
            }
            b.Append("</tbody>\n");
        }
        return b.Append("</table></div>\n").ToString();
    }

    /// <summary>The request's query string without one parameter.</summary>
    private static string QueryWithout(HttpContext context, string name)
    {
        var kept = context.Request.Query.Where(p => p.Key != name).SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? ""))).ToList();
        return kept.Count == 0 ? "" : "?" + string.Join("&", kept);
    }

    private static string Form(HttpContext context, IReadOnlyList<(string Slug, string Name)> categories, string chosen, Month from, Month to, string boundarySet,
        string measure, string? borough, IReadOnlyList<(string Code, string Name)> boroughs)
    {
        var b = new StringBuilder("<form class=\"query\" method=\"get\" action=\"").Append(H(Url(context, "/map"))).Append("\">\n<div class=\"row\">")
            .Append(CrimePageQuery.CategorySelect(categories, chosen))
            .Append("<div><label for=\"from\">From month</label><input type=\"month\" id=\"from\" name=\"from\" value=\"").Append(from).Append("\"></div>")
            .Append("<div><label for=\"to\">To month</label><input type=\"month\" id=\"to\" name=\"to\" value=\"").Append(to).Append("\"></div>")
            .Append("<div><label for=\"boundary_set\">Ward boundaries</label><select id=\"boundary_set\" name=\"boundary_set\">");
        foreach (var set in CrimeFigureAnalysis.MapBoundarySets)
        {
            b.Append("<option value=\"").Append(H(set)).Append('"').Append(set == boundarySet ? " selected" : "").Append('>').Append(H(set)).Append(" wards</option>");
        }
        b.Append("</select></div><div><label for=\"borough\">Borough</label><select id=\"borough\" name=\"borough\"><option value=\"\">All of London</option>");
        foreach (var (code, name) in boroughs)
        {
            b.Append("<option value=\"").Append(H(code)).Append('"').Append(code == borough ? " selected" : "").Append('>').Append(H(name)).Append("</option>");
        }
        b.Append("</select></div></div>\n<fieldset><legend>Colour the map by</legend>")
            .Append("<input type=\"radio\" id=\"measure-count\" name=\"measure\" value=\"count\"").Append(measure == "count" ? " checked" : "").Append("><label for=\"measure-count\">number of crimes</label> ")
            .Append("<input type=\"radio\" id=\"measure-rate\" name=\"measure\" value=\"rate\"").Append(measure == "rate" ? " checked" : "").Append("><label for=\"measure-rate\">crimes per 1,000 residents (Census 2021; 2022 wards only)</label>")
            .Append("</fieldset>\n<button type=\"submit\">Show</button>\n</form>\n");
        return b.ToString();
    }
}
