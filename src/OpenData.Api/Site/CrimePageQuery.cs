using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenData.Api.Rest;
using OpenData.Query;
using OpenData.Store;
using static OpenData.Api.Site.SitePage;

namespace OpenData.Api.Site;

/// <summary>
/// The query string of the site's pages over the data (the map, the area profiles; the targets page takes none):
/// which parameters a page takes, read once each, with the words of the API's own checks when one is wrong, and the police.uk category
/// chooser they share. A page answers a wrong query with <see cref="BadRequest"/>: a 400 page saying what is wrong.
/// </summary>
public sealed class CrimePageQuery
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>What is wrong with the query string, in the API's words; empty when nothing is.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>
    /// The parameters of <paramref name="request"/> a page takes. An empty value counts as absent: a GET form sends
    /// every field, the empty ones too (borough= for all boroughs).
    /// </summary>
    public static CrimePageQuery Read(HttpRequest request, params string[] allowed)
    {
        var query = new CrimePageQuery();
        foreach (var (name, values) in request.Query)
        {
            if (!allowed.Contains(name))
            {
                query.Errors.Add($"{name}: " + QueryStringGrammar.UnknownParameterMessage(name, allowed, $"this page takes {string.Join(", ", allowed)}"));
                continue;
            }
            if (values.Count != 1) query.Errors.Add($"{name} may be given once.");
            else if (!string.IsNullOrWhiteSpace(values[0])) query._values[name] = values[0]!.Trim();
        }
        return query;
    }

    public string? this[string name] => _values.GetValueOrDefault(name);

    /// <summary>A month parameter (YYYY-MM), or null when absent or wrong (then an error says so).</summary>
    public Month? Month(string name)
    {
        if (this[name] is not { } text) return null;
        if (Query.Month.TryParse(text, out var month)) return month;
        Errors.Add($"{name} must be a month, YYYY-MM (not '{text}').");
        return null;
    }

    /// <summary>The police.uk category asked for (police_uk, slug or id), all crime by default.</summary>
    public string PoliceUk => this["police_uk"] ?? AllCrime;

    /// <summary>All recorded crime: every MPS minor category (the API's default when no category is given).</summary>
    public const string AllCrime = "all-crime";

    /// <summary>The categories of <see cref="PoliceUk"/>, or null when it is not a police.uk category (an error says so).</summary>
    public async Task<CategorySelection?> CategoriesAsync(OpenDataDbContext db, CrimeFigureAnalysis analysis, CancellationToken ct)
    {
        try
        {
            return await analysis.ResolveCategoriesAsync(db, null, PoliceUk, ct);
        }
        catch (QueryException e)
        {
            Errors.AddRange(e.Errors.Select(error => error.Message));
            return null;
        }
    }

    /// <summary>The police.uk categories (slug and name) for the chooser, in name order with all crime first.</summary>
    public static async Task<IReadOnlyList<(string Slug, string Name)>> PoliceUkCategoriesAsync(OpenDataDbContext db, CancellationToken ct)
    {
        var categories = await db.OffenceCategories.AsNoTracking().Where(c => c.Scheme == "police-uk")
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return [.. categories.Select(c => (Slug: c.Id.StartsWith("police-uk-", StringComparison.Ordinal) ? c.Id["police-uk-".Length..] : c.Id, c.Name))
            .OrderBy(c => c.Slug == AllCrime ? 0 : 1).ThenBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>The category chooser: a labelled select of the police.uk categories, the chosen one selected.</summary>
    public static string CategorySelect(IReadOnlyList<(string Slug, string Name)> categories, string chosen, string id = "police_uk")
    {
        var b = new StringBuilder($"<div><label for=\"{id}\">Offence category (police.uk)</label><select id=\"{id}\" name=\"police_uk\">");
        foreach (var (slug, name) in categories)
        {
            var selected = slug == chosen || "police-uk-" + slug == chosen;
            b.Append("<option value=\"").Append(H(slug)).Append('"').Append(selected ? " selected" : "").Append('>').Append(H(name)).Append("</option>");
        }
        return b.Append("</select></div>").ToString();
    }

    /// <summary>The name of the chosen category, as the chooser shows it.</summary>
    public static string CategoryName(IReadOnlyList<(string Slug, string Name)> categories, string chosen) =>
        categories.FirstOrDefault(c => c.Slug == chosen || "police-uk-" + c.Slug == chosen).Name ?? chosen;

    /// <summary>A month as people read it: November 2024.</summary>
    public static string MonthText(Month month) => month.FirstDay.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A month (YYYY-MM) as people read it, short: Nov 2024.</summary>
    public static string ShortMonth(string yyyymm) =>
        Query.Month.TryParse(yyyymm, out var m) ? m.FirstDay.ToString("MMM yyyy", CultureInfo.InvariantCulture) : yyyymm;

    /// <summary>Why a month or a ward has no figure, in words (never a 0).</summary>
    public static string NullReasonText(string? reason) => reason switch
    {
        NullReasons.Gap => "coverage gap: no MPS download covers these months",
        NullReasons.NotPublished => "not published for this area",
        NullReasons.CategoryNotInScheme => "category not in the labelling scheme of these months",
        NullReasons.NotInWardSet => "not a ward of the boundary set these months were published in",
        RateNullReasons.NoPopulation => "no Census 2021 population",
        _ => "no figures",
    };

    /// <summary>"3rd", "21st", "12th".</summary>
    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>The 400 page: what is wrong with the query, and the page without it.</summary>
    public IResult BadRequest(HttpContext context, string title, string current)
    {
        var b = new StringBuilder("<h1>").Append(H(title)).Append(": the address asks for something this page cannot show</h1>\n<ul>");
        foreach (var error in Errors) b.Append("<li>").Append(H(error)).Append("</li>");
        b.Append("</ul>\n<p>").Append(A(Url(context, context.Request.Path.Value ?? "/"), "Open the page without these choices")).Append(" or go to ")
            .Append(A(Url(context, "/"), "the home page")).Append(".</p>");
        return Html(Render(context, title + ": bad request", b.ToString(), current), StatusCodes.Status400BadRequest);
    }
}
