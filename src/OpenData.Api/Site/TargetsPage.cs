using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenData.Api.Hosting;
using OpenData.Api.Rest;
using OpenData.Query;
using OpenData.Store;
using static OpenData.Api.Site.SitePage;

namespace OpenData.Api.Site;

/// <summary>
/// /targets: every police and partnership target with its published outcome, grouped by the document that
/// published it; "met or missed" twice, as computed here by the stated rule (meets_target) and as the document
/// words it (verdict, read as verdict_met), with a marker where the two disagree (verdict_agrees false).
/// </summary>
public static class TargetsPage
{
    public static RouteGroupBuilder MapTargetsPage(this RouteGroupBuilder pages)
    {
        pages.MapGet("/targets", TargetsAsync);
        return pages;
    }

    private static async Task<IResult> TargetsAsync(HttpContext context, OpenDataDbContext db, QueryEngine engine, ReleaseReader releases, CancellationToken ct)
    {
        var query = CrimePageQuery.Read(context.Request);
        if (query.Errors.Count > 0) return query.BadRequest(context, "Targets and outcomes", "targets");
        await using var snapshot = await StoreSnapshot.BeginAsync(db, ct);
        var release = await RestRelease.ServeAsync(context, db, releases, ct);
        if (release is null) return HomePage.NoRelease(context);

        // Every target: a few dozen rows; a store with more than a page shows the first page and links to the rest.
        var page = await engine.ReadPageAsync(db, TargetDto.Dataset, new DatasetQuery
        {
            Sort = [new SortField("source_id", SortDirection.Ascending), new SortField("period_start", SortDirection.Ascending)],
            Page = new PageRequest(First: engine.Options.MaxPageSize), IncludeTotal = true,
        }, ct);
        var targets = page.Items;
        var sourceIds = targets.Select(t => t.SourceId).Distinct().ToList();
        var sources = await db.Sources.AsNoTracking().Where(s => sourceIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Title, s.Publisher, s.PublicationDate, s.Kind }).ToDictionaryAsync(s => s.Id, ct);
        var areaCodes = targets.Select(t => t.AreaCode).Distinct().ToList();
        var areaNames = await db.Areas.AsNoTracking().Where(a => areaCodes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);

        var disagreements = targets.Count(t => t.VerdictAgrees == false);
        var b = new StringBuilder("<h1>Targets and outcomes</h1>\n<p class=\"lead\">")
            .Append(N(targets.Count)).Append(" targets the police and the community safety partnerships set, each with the outcome they published. ")
            .Append("Whether a target was met is shown twice: as computed from the published figures, and as the document itself says.</p>\n")
            .Append("<h2 id=\"how\">How met or missed is computed</h2>\n<ul>")
            .Append("<li><strong>Computed</strong>: a reduction target (down) is met when the outcome's percent change is at or below the target's; an increase target (up) when it is at or above. ")
            .Append("Percentages are compared only when the target is a relative change, like the outcome's (not one in percentage points, or one whose document does not say). ")
            .Append("When a percentage is missing or not comparable but both values are published, the values are compared the same way. A value target is met when the outcome reaches the target value; a gap target when the gap is narrowed to it. ")
            .Append("When the document does not print what the rule needs, nothing is computed.</li>")
            .Append("<li><strong>Published</strong>: the document's verdict, read as met or missed from its words (\"not\", \"missed\", \"failed\" before \"achieved\", \"exceeded\", \"met\").</li>")
            .Append("<li>Where both exist and differ, the row is marked <span class=\"badge disagree\">disagree</span>.</li></ul>\n")
            .Append("<p>").Append(disagreements == 0 ? "No target's computed result disagrees with its published verdict." : $"{N(disagreements)} target{(disagreements == 1 ? "" : "s")} where the computed result disagrees with the published verdict.")
            .Append(" Computed: ").Append(N(targets.Count(t => t.MeetsTarget == true))).Append(" met, ").Append(N(targets.Count(t => t.MeetsTarget == false))).Append(" missed, ")
            .Append(N(targets.Count(t => t.MeetsTarget is null))).Append(" not computable.</p>\n");

        foreach (var group in targets.GroupBy(t => t.SourceId))
        {
            var source = sources.GetValueOrDefault(group.Key);
            var headingId = "source-" + group.Key;
            b.Append("<section class=\"targets-group\" aria-labelledby=\"").Append(H(headingId)).Append("\">\n<h2 id=\"").Append(H(headingId)).Append("\">")
                .Append(source is null ? H(group.Key) : A(source.Kind == "document" ? SiteLinks.Source(context, source.Id) : SiteLinks.Row(context, SourceDto.Dataset, source.Id), source.Title))
                .Append("</h2>\n");
            if (source is not null) b.Append("<p class=\"muted\">").Append(H(source.Publisher)).Append(", ").Append(H(source.PublicationDate)).Append("</p>\n");
            b.Append(Table(context, [.. group], $"Targets published in {source?.Title ?? group.Key}", showArea: true, areaNames));
            b.Append("</section>\n");
        }
        if (page.HasNextPage) b.Append("<p>").Append(A(SiteLinks.Dataset(context, TargetDto.Dataset), $"All {N(page.TotalCount ?? targets.Count)} targets")).Append("</p>\n");
        return Html(Render(context, "Targets and outcomes", b.ToString(), "targets",
            "Every community safety target against its published outcome: met or missed as computed and as published, with its source."));
    }

    /// <summary>Targets as a table: what, where, when, the outcome, met or missed as computed and as published, and
    /// the source. Shared with the borough profile.</summary>
    public static string Table(HttpContext context, IReadOnlyList<TargetDto> targets, string caption, bool showArea, IReadOnlyDictionary<string, string>? areaNames = null)
    {
        var b = new StringBuilder("<div class=\"scroll\"><table class=\"data targets\">\n<caption>").Append(H(caption)).Append("</caption>\n<thead><tr>")
            .Append("<th scope=\"col\">Target</th>").Append(showArea ? "<th scope=\"col\">Area</th>" : "")
            .Append("<th scope=\"col\">Period</th><th scope=\"col\">Outcome</th><th scope=\"col\">Computed</th><th scope=\"col\">Published verdict</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n");
        foreach (var t in targets)
        {
            b.Append("<tr data-target-id=\"").Append(H(t.Id)).Append('"').Append(t.VerdictAgrees == false ? " class=\"disagrees\"" : "").Append("><th scope=\"row\">")
                .Append(A(SiteLinks.Row(context, TargetDto.Dataset, t.Id), t.Subject));
            var aim = t.TargetText ?? (t.TargetChangePercent is { } percent ? $"{(percent > 0 ? "+" : "")}{N(percent, 1)}%" : null);
            b.Append("<br><span class=\"muted\">").Append(H(Direction(t.TargetDirection))).Append(aim is null ? "" : ": " + H(aim)).Append("</span></th>");
            if (showArea)
            {
                b.Append("<td>").Append(A(SiteLinks.Area(context, t.AreaCode), areaNames?.GetValueOrDefault(t.AreaCode) ?? t.AreaCode)).Append("</td>");
            }
            b.Append("<td>").Append(H(AreaProfilePage.Period(t.PeriodStart, t.PeriodEnd))).Append("</td>")
                .Append("<td>").Append(t.OutcomeText is null ? "<span class=\"missing\">not published</span>" : H(t.OutcomeText)).Append("</td>")
                .Append("<td>").Append(Badge(t.MeetsTarget, "not computable")).Append("</td>")
                .Append("<td>").Append(t.Verdict is null ? "<span class=\"missing\">no verdict</span>" : "“" + H(t.Verdict) + "” " + Badge(t.VerdictMet, "says neither"));
            if (t.VerdictAgrees == false) b.Append(" <span class=\"badge disagree\">disagree</span>");
            b.Append("</td><td>").Append(AreaProfilePage.SourceLink(context, t.SourceId, t.Locator, t.LocatorUrl)).Append("</td></tr>\n");
        }
        return b.Append("</tbody>\n</table></div>\n").ToString();
    }

    private static string Badge(bool? met, string neither) => met switch
    {
        true => "<span class=\"badge met\">met</span>",
        false => "<span class=\"badge missed\">missed</span>",
        _ => "<span class=\"missing\">" + neither + "</span>",
    };

    private static string Direction(string direction) => direction switch
    {
        "down" => "reduce",
        "up" => "increase",
        "value" => "reach a value",
        "gap" => "narrow a gap",
        _ => direction,
    };
}
