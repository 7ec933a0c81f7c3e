using System.Globalization;
using System.Text;
using OpenData.Query;
using static OpenData.Api.Site.SitePage;

namespace OpenData.Api.Site;

/// <summary>
/// A monthly series as an inline SVG line chart, drawn on the server so it needs no script, and the same months as a
/// table in a &lt;details&gt; (the chart is one image to a screen reader). A month without a figure breaks the line
/// and is shaded and labelled with its reason (gap, not published): it is never drawn as 0. A month an older
/// download published differently has a hollow diamond at the superseded value.
/// </summary>
public static class SeriesChart
{
    private const double Width = 760, Height = 280, Left = 60, Right = 12, Top = 28, Bottom = 36;

    public static string Render(CrimeSeries series, string categoryName, string areaName)
    {
        var months = series.Months;
        var n = months.Count;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var step = n > 1 ? plotWidth / (n - 1) : 0;
        double X(int i) => Left + (n > 1 ? i * step : plotWidth / 2);
        var revisions = months.SelectMany(m => m.Revisions.Where(r => r.CurrentValue != r.Value).Select(r => r.Value));
        var highest = months.Select(m => m.Value ?? 0).Concat(revisions).DefaultIfEmpty(0).Max();
        var tick = NiceStep(highest / 4);
        var top = Math.Max(1, Math.Ceiling(highest / tick)) * tick;
        double Y(double value) => Top + plotHeight - value / top * plotHeight;
        string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        var id = "chart-" + series.AreaCode;
        var missing = months.Count(m => m.Value is null);
        var revised = months.Count(m => m.Revisions.Any(r => r.CurrentValue != r.Value));
        var summary = $"{categoryName} in {areaName}, {CrimePageQuery.ShortMonth(series.From)} to {CrimePageQuery.ShortMonth(series.To)}: "
            + $"{n} months, {n - missing} with figures"
            + (missing < n ? $", from {N((long)months.Where(m => m.Value is not null).Min(m => m.Value!.Value))} to {N((long)months.Where(m => m.Value is not null).Max(m => m.Value!.Value))} a month" : "")
            + (missing > 0 ? $"; {missing} months without figures ({string.Join(", ", Runs(months).Select(r => $"{CrimePageQuery.ShortMonth(months[r.Start].Month)} to {CrimePageQuery.ShortMonth(months[r.End].Month)}: {Label(r.Reason)}"))})" : "")
            + (revised > 0 ? $"; {revised} months revised by a later download" : "") + ". The table below has every month.";
        var b = new StringBuilder();
        b.Append("<figure class=\"series\">\n<svg class=\"chart\" viewBox=\"0 0 ").Append(F(Width)).Append(' ').Append(F(Height))
            .Append("\" role=\"img\" aria-labelledby=\"").Append(H(id)).Append("-title\" data-months=\"").Append(n).Append("\">\n<title id=\"")
            .Append(H(id)).Append("-title\">").Append(H(summary)).Append("</title>\n");

        // Horizontal grid with its values.
        for (var value = 0.0; value <= top + tick / 2; value += tick)
        {
            var k = (int)Math.Round(value / tick);
            var y = Y(value);
            b.Append("<line x1=\"").Append(F(Left)).Append("\" x2=\"").Append(F(Width - Right)).Append("\" y1=\"").Append(F(y)).Append("\" y2=\"").Append(F(y))
                .Append("\" stroke=\"").Append(k == 0 ? "#1b1b1b" : "#d0d3d4").Append("\"/>")
                .Append("<text x=\"").Append(F(Left - 6)).Append("\" y=\"").Append(F(y + 4)).Append("\" text-anchor=\"end\">").Append(N(value, 1)).Append("</text>\n");
        }
        // A tick and label each January (each quarter on a short series).
        for (var i = 0; i < n; i++)
        {
            var month = months[i].Month;
            var january = month.EndsWith("-01", StringComparison.Ordinal);
            var label = n > 36 ? january : month[5..] is "01" or "04" or "07" or "10";
            if (!label) continue;
            b.Append("<line x1=\"").Append(F(X(i))).Append("\" x2=\"").Append(F(X(i))).Append("\" y1=\"").Append(F(Top + plotHeight)).Append("\" y2=\"").Append(F(Top + plotHeight + 5))
                .Append("\" stroke=\"#1b1b1b\"/><text x=\"").Append(F(X(i))).Append("\" y=\"").Append(F(Top + plotHeight + 18)).Append("\" text-anchor=\"middle\">")
                .Append(H(n > 36 ? month[..4] : CrimePageQuery.ShortMonth(month))).Append("</text>\n");
        }
        // Months without figures: a shaded band with its reason above; the line stops on each side.
        foreach (var run in Runs(months))
        {
            var x0 = Math.Max(Left, X(run.Start) - step / 2);
            var x1 = Math.Min(Width - Right, X(run.End) + step / 2);
            b.Append("<g class=\"chart-missing\" data-reason=\"").Append(H(run.Reason)).Append("\" data-from=\"").Append(months[run.Start].Month).Append("\" data-to=\"").Append(months[run.End].Month).Append("\">")
                .Append("<rect x=\"").Append(F(x0)).Append("\" y=\"").Append(F(Top)).Append("\" width=\"").Append(F(Math.Max(2, x1 - x0))).Append("\" height=\"").Append(F(plotHeight))
                .Append("\" fill=\"#e8e8e8\" stroke=\"#6f777b\" stroke-dasharray=\"3 3\"/>")
                .Append("<text x=\"").Append(F((x0 + x1) / 2)).Append("\" y=\"").Append(F(Top - 8)).Append("\" text-anchor=\"middle\">").Append(H(Label(run.Reason))).Append("</text></g>\n");
        }
        // The line, one segment per run of months with figures.
        var path = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            if (months[i].Value is not { } value) continue;
            var starts = i == 0 || months[i - 1].Value is null;
            path.Append(starts ? 'M' : 'L').Append(F(X(i))).Append(' ').Append(F(Y(value)));
            if (starts && (i == n - 1 || months[i + 1].Value is null)) path.Append("h0.01"); // a lone month still shows (round caps)
        }
        b.Append("<path class=\"chart-line\" d=\"").Append(path).Append("\" fill=\"none\" stroke=\"#0b3d5c\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n");
        // Superseded values: a hollow diamond where an older download put the month.
        for (var i = 0; i < n; i++)
        {
            foreach (var revision in months[i].Revisions.Where(r => r.CurrentValue != r.Value))
            {
                var x = X(i);
                var y = Y(revision.Value);
                b.Append("<path class=\"chart-revision\" d=\"M").Append(F(x)).Append(' ').Append(F(y - 4)).Append("l4 4l-4 4l-4 -4z\" fill=\"#ffffff\" stroke=\"#a4262c\" stroke-width=\"1.5\"/>");
            }
        }
        b.Append("\n</svg>\n<figcaption>").Append(H(categoryName)).Append(" recorded each month. The line breaks where a month has no figure (shaded and labelled: ")
            .Append("a coverage gap or not published), never drawn as 0.")
            .Append(revised > 0 ? " <svg width=\"12\" height=\"12\" aria-hidden=\"true\"><path d=\"M6 1l5 5l-5 5l-5 -5z\" fill=\"#ffffff\" stroke=\"#a4262c\" stroke-width=\"1.5\"/></svg> a value an older download published for the month, since revised." : "")
            .Append("</figcaption>\n</figure>\n");
        b.Append(Table(series, categoryName));
        return b.ToString();
    }

    private static string Table(CrimeSeries series, string categoryName)
    {
        var b = new StringBuilder("<details class=\"series-table\"><summary>The figures month by month, as a table</summary>\n<div class=\"scroll\"><table class=\"data\">\n<caption>")
            .Append(H(categoryName)).Append(" each month</caption>\n<thead><tr><th scope=\"col\">Month</th><th scope=\"col\" class=\"num\">Crimes</th><th scope=\"col\" class=\"num\">Per 1,000 residents</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>\n");
        foreach (var m in series.Months.Reverse())
        {
            b.Append("<tr><th scope=\"row\">").Append(H(CrimePageQuery.ShortMonth(m.Month))).Append("</th>");
            if (m.Value is { } value)
            {
                b.Append("<td class=\"num\">").Append(N((long)value)).Append("</td><td class=\"num\">").Append(m.RatePer1000 is { } rate ? N(rate, 2) : "").Append("</td><td>");
                var notes = new List<string>();
                if (m.Basis == Bases.WardSum) notes.Add("sum of its wards");
                foreach (var r in m.Revisions.Where(r => r.CurrentValue != r.Value)) notes.Add($"revised: an older download published {N((long)r.Value)}");
                b.Append(H(string.Join("; ", notes))).Append("</td>");
            }
            else
            {
                b.Append("<td colspan=\"3\" class=\"missing\">missing: ").Append(H(CrimePageQuery.NullReasonText(m.NullReason))).Append("</td>");
            }
            b.Append("</tr>\n");
        }
        return b.Append("</tbody>\n</table></div></details>\n").ToString();
    }

    /// <summary>Runs of consecutive months without a figure, with the reason of their first month.</summary>
    private static IEnumerable<(int Start, int End, string Reason)> Runs(IReadOnlyList<SeriesMonth> months)
    {
        for (var i = 0; i < months.Count; i++)
        {
            if (months[i].Value is not null) continue;
            var start = i;
            var reason = months[i].NullReason ?? NullReasons.NotPublished;
            while (i + 1 < months.Count && months[i + 1].Value is null && (months[i + 1].NullReason ?? NullReasons.NotPublished) == reason) i++;
            yield return (start, i, reason);
        }
    }

    private static string Label(string reason) => reason switch
    {
        NullReasons.Gap => "gap",
        NullReasons.CategoryNotInScheme => "not in scheme",
        NullReasons.NotInWardSet => "other ward set",
        _ => "not published",
    };

    /// <summary>The smallest 1, 2, 2.5 or 5 × 10^k at or above the value (whole numbers: counts are), so the axis
    /// reads 0, 50, 100 rather than 0, 62.5, 125.</summary>
    private static double NiceStep(double value)
    {
        if (value <= 1) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var factor in new[] { 1, 2, 2.5, 5 })
        {
            if (factor * magnitude >= value && (factor * magnitude) % 1 == 0) return factor * magnitude;
        }
        return 10 * magnitude;
    }
}
