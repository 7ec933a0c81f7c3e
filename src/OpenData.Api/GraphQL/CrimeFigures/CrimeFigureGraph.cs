using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.CrimeFigures;

/// <summary>
/// Crime figures, their revisions, and the monthly series (the same <see cref="CrimeFigureAnalysis"/> as REST's
/// /api/v1/crime-figures/series).
/// </summary>
public static class CrimeFigureGraph
{
    /// <summary>
    /// What one series costs for the cost limit (GraphQL:MaxCost), on top of its selection. A series is computed, not
    /// read: measured on the seed data (Release build, loopback, warm), a page of 100 crime figures with 8 fields
    /// (cost about 800) takes 2 to 4 ms, about 250 cost units a millisecond, while one series with only its areaCode
    /// selected takes about 25 ms for a ward (about 6,000 units at that rate) and 0.9 to 1.8 s for the borough (its
    /// wards summed month by month; about 300,000). The cost cannot see which area is asked for, so it sits between
    /// the two, nearer the wards (nearly every area is a ward): at 15,000 the default limit of 100,000 admits a
    /// handful of series in one request (six with a small selection, three with every month's revisions) and
    /// refuses the 50 aliased series a budget of 50 aliases would otherwise allow (750,000). Area.crimeSeries costs
    /// the same per area listed.
    /// </summary>
    public const int SeriesCost = 15_000;

    /// <summary>Before any relation is made: every crime-figure connection, wherever it hangs, behaves like REST's.</summary>
    public static void Configure(DomainGraphs g)
    {
        var f = g.CrimeFigures;
        // As REST: connections show current figures unless the client asks for revisions too or filters on isCurrent.
        f.ExtraConnectionArguments = field => field.Argument("includeSuperseded", ScalarType.Boolean.NonNull(), false,
            "Also return superseded revisions of MPS monthly figures (default: current figures only, unless where filters on isCurrent).");
        f.DefaultCondition = ctx =>
            ctx.Arguments.GetValueOrDefault("includeSuperseded") is true || MentionsIsCurrent(ctx.Arguments.GetValueOrDefault("where"))
                ? null
                : new ConditionFilter("is_current", FilterOperator.Eq, true) { Origin = "includeSuperseded" };
        g.CrimeSeries = SeriesType(g);
    }

    /// <summary>What crime figures have besides their foreign keys: revisions, and the series from an area's side.</summary>
    public static void Relate(DomainGraphs g)
    {
        var f = g.CrimeFigures;
        f.Reference("supersededBy", g.CrimeFigures, "superseded_by", "The figure of a newer download that replaced this one, or null while current.");
        f.Children("supersedes", g.CrimeFigures, "superseded_by", "Older values of this figure, published by earlier downloads and replaced by this one.");

        // The same series from the area's side (Area.crimeSeries): the root field's resolver, with the area given by
        // the parent row. Each area is one series read, as a root crimeSeries per area would be; the cost limit
        // sizes it like the root field, times the areas listed.
        var areaSeries = new FieldDefinition("crimeSeries", g.CrimeSeries, ResolveSeriesAsync,
            "This area's monthly series over a range of months: the same as the root crimeSeries with areaCode set to this area's code (the sum of the current figures of the chosen categories per month, revisions and gaps). Without from and to, an area with no monthly figures (of its own or of its wards) is an error: give both.");
        SeriesArguments(areaSeries);
        areaSeries.Cost = SeriesCost;
        g.Areas.AddField(areaSeries, "code");
    }

    public static void AddQueryFields(ObjectType query, DomainGraphs g)
    {
        query.AddField(SeriesField(g.CrimeSeries));
    }

    private static bool MentionsIsCurrent(object? where) => where switch
    {
        IReadOnlyDictionary<string, object?> map => map.Any(p => p.Key == "isCurrent" || MentionsIsCurrent(p.Value)),
        IReadOnlyList<object?> list => list.Any(MentionsIsCurrent),
        _ => false,
    };

    private static ObjectType SeriesType(DomainGraphs g)
    {
        var revision = new ObjectType("CrimeSeriesRevision", "What an older download published for the same month and selection, next to the month's value now.")
            .Field("download", ScalarType.String.NonNull(), description: "The older download (its file under seed-data/).")
            .Field("wardSet", ScalarType.String, description: "The ward boundary set that download used (it may differ from the current download's); null for a borough file.")
            .Field("value", ScalarType.Float.NonNull(), description: "The sum of that download's counts of the chosen categories for the area and month.")
            .Field("currentValue", ScalarType.Float, description: "The month's value now (equal when the newer download republished the same counts).")
            .Field("sourceId", ScalarType.String.NonNull(), description: "The source the download belongs to.");
        var wardSetChange = new ObjectType("CrimeSeriesWardSetChange", "Where a series moves from one ward boundary set to the next: each download keys its months to the wards in force when it was produced.")
            .Field("month", ScalarType.String.NonNull(), description: "The first month published under the new set, YYYY-MM.")
            .Field("previousMonth", ScalarType.String.NonNull(), description: "The last month published under the old set, YYYY-MM.")
            .Field("fromSet", ScalarType.String.NonNull(), description: "The old ward set.")
            .Field("toSet", ScalarType.String.NonNull(), description: "The new ward set.")
            .Field("codesBefore", ScalarType.String.NonNull().ListOf().NonNull(), description: "Ward codes on the old side: a borough's wards of the old set; for a ward its own code if the old set holds it, else the old set's wards whose polygons cover its ground (no apportionment).")
            .Field("codesAfter", ScalarType.String.NonNull().ListOf().NonNull(), description: "Ward codes on the new side, as codesBefore.");
        var coverage = new ObjectType("CrimeSeriesCoverage", "The first and last month with published figures for an area.")
            .Field("from", ScalarType.String.NonNull(), description: "First month, YYYY-MM.")
            .Field("to", ScalarType.String.NonNull(), description: "Last month, YYYY-MM.");
        var month = new ObjectType("CrimeSeriesMonth", "One month of a series.")
            .Field("month", ScalarType.String.NonNull(), description: "The month, YYYY-MM.")
            .Field("value", ScalarType.Float, description: "Sum of the current figures of the chosen categories; null when the month has no figure for them (nullReason says why), 0 when the month is published in their labelling scheme without them.")
            .Field("figures", ScalarType.Int.NonNull(), description: "How many current figures were summed.")
            .Field("basis", ScalarType.String, description: "What kind of number value is: published (the area's own figures: a ward's counts, the borough's published totals) or ward_sum (the sum of the area's wards' figures); null with value.")
            .Field("nullReason", ScalarType.String, description: "Why value is null: gap (a recorded coverage gap, no download covers the month), not_published (no figure for the area that month: outside its coverage) or category_not_in_scheme (published only under another MPS labelling scheme than the categories'); null when there is a value.")
            .Field("revised", ScalarType.Boolean.NonNull(), description: "True when an older download published a different value for one of the figures.")
            .Field("revisions", revision.NonNull().ListOf().NonNull(), description: "What older downloads published for the month, newest first.")
            .Field("ratePer1000", ScalarType.Float, description: "value per 1,000 Census 2021 residents of the area (2 decimals); null with value or when the area has no population.")
            .Field("download", ScalarType.String, description: "The download the value comes from (the newest covering the month); null when the month is not published.")
            .Field("wardSet", ScalarType.String, description: "The ward boundary set of that download; null for a borough file or an unpublished month.");
        // Unpaged lists, sized for the cost limit: a series has at most a month per month published (2002 on, about
        // 300); a month's revisions are one per older download covering it (at most a handful).
        month.GetField("revisions")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 4 };
        var series = new ObjectType("CrimeSeries", "One area's monthly series of recorded crime over a range of months, with revisions and gaps.")
            .Field("area", g.Areas.Type.NonNull(), ctx => new ValueTask<object?>(g.Areas.LoadAsync(ctx, ((CrimeSeries)ctx.Source!).AreaCode)), "The area.")
            .Field("areaCode", ScalarType.String.NonNull(), description: "The area's GSS code.")
            .Field("areaName", ScalarType.String.NonNull(), description: "The area's name.")
            .Field("areaType", ScalarType.String.NonNull(), description: "The area's type (ward, borough).")
            .Field("from", ScalarType.String.NonNull(), description: "First month of the series, YYYY-MM.")
            .Field("to", ScalarType.String.NonNull(), description: "Last month of the series, YYYY-MM.")
            .Field("category", ScalarType.String, description: "The category or police.uk category asked for; null for all recorded crime.")
            .Field("categoryIds", ScalarType.String.NonNull().ListOf().NonNull(), description: "The MPS categories summed (an MPS category stands for its namesakes in the other MPS schemes; a police.uk category for the MPS categories mapped to it).")
            .Field("months", month.NonNull().ListOf().NonNull(), description: "Every month of the range, in order.")
            .Field("gaps", ScalarType.String.NonNull().ListOf().NonNull(), description: "Recorded coverage gaps (YYYY-MM) inside the area's coverage: months no published download covers. Months outside the coverage are not gaps (nullReason not_published).")
            .Field("coverage", coverage, description: "The area's first and last month with published figures; null when it has none.")
            .Field("note", ScalarType.String, description: "Set when some month has no value because the categories are not in the labelling scheme published that month; points to the police.uk category that spans the schemes.")
            .Field("wardSetChanges", wardSetChange.NonNull().ListOf().NonNull(), description: "Months where the series moves to another ward boundary set.")
            .Field("population", ScalarType.Int, ctx => new ValueTask<object?>((int?)((CrimeSeries)ctx.Source!).Population), "Census 2021 usual residents of the area, the denominator of the months' ratePer1000; null when it has none (rateNullReason).")
            .Field("rateNullReason", ScalarType.String, description: "no_population when the area has no Census 2021 population (wards of the 2014 and 2018 sets, the aviation unit); null otherwise.");
        series.GetField("months")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 300 };
        series.GetField("wardSetChanges")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 3 };
        return series;
    }

    private static FieldDefinition SeriesField(ObjectType series)
    {
        var field = new FieldDefinition("crimeSeries", series, ResolveSeriesAsync,
            "One area's monthly series over a range of months, in one call: the sum of the current figures of the chosen categories per month (null, never 0, when the month has no figure for them, with nullReason), the superseded values (revisions), the recorded gaps and the area's coverage. The borough uses its own figures for a month where there are any (basis published), else the sum of its wards (basis ward_sum). Null for an unknown area. (REST: /api/v1/crime-figures/series.)");
        field.Argument("areaCode", ScalarType.String.NonNull(), "GSS code of a ward or the borough.");
        field.Cost = SeriesCost;
        return SeriesArguments(field);
    }

    private static FieldDefinition SeriesArguments(FieldDefinition field)
    {
        field.Argument("from", ScalarType.String, "First month, YYYY-MM (default: the area's first published month).");
        field.Argument("to", ScalarType.String, "Last month, YYYY-MM (default: the area's last published month).");
        field.Argument("category", ScalarType.String, "An offence category id (MPS, police.uk or document category); default all recorded crime. Not with policeUk.");
        field.Argument("policeUk", ScalarType.String, "A police.uk category, as id (police-uk-burglary) or slug (burglary). Not with category.");
        return field;
    }

    private static async ValueTask<object?> ResolveSeriesAsync(FieldContext context)
    {
        var arguments = context.Arguments;
        // The root field names the area; Area.crimeSeries is the series of its parent row.
        var area = context.Source is AreaDto parent ? parent.Code : (string)arguments["areaCode"]!;
        var from = ReadMonth(arguments, "from");
        var to = ReadMonth(arguments, "to");
        var analysis = context.RequestServices.GetRequiredService<CrimeFigureAnalysis>();
        try
        {
            return await RequestStore.UseAsync(context, async (db, cancellationToken) =>
            {
                var categories = await analysis.ResolveCategoriesAsync(db, arguments.GetValueOrDefault("category") as string,
                    arguments.GetValueOrDefault("policeUk") as string, cancellationToken);
                return await analysis.GetSeriesAsync(db, area, from, to, categories, cancellationToken);
            });
        }
        catch (QueryException e)
        {
            throw QueryErrors.ToGraphQL(e);
        }
    }

    private static Month? ReadMonth(IReadOnlyDictionary<string, object?> arguments, string name)
    {
        if (arguments.GetValueOrDefault(name) is not string text) return null;
        return Month.TryParse(text, out var month)
            ? month
            : throw QueryErrors.ToGraphQL(new QueryException(QueryErrorKind.InvalidParameter, name, $"{name} must be a month, YYYY-MM."));
    }
}
