using System.Globalization;
using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.CrimeFigures;

/// <summary>
/// The crime-figure analyses besides the series: aggregates (crimeAggregates), the ward map (crimeMap) and the
/// downloads with their coverage (crimeDownloads). The same <see cref="CrimeFigureAnalysis"/> as REST's
/// /api/v1/crime-figures/aggregates, /map and /downloads, and the same checks (the query layer's), in GraphQL's words.
/// </summary>
public static class CrimeAnalysisGraph
{
    /// <summary>
    /// What one aggregate costs for the cost limit (GraphQL:MaxCost), on top of its rows. An aggregate reads London
    /// whatever page is asked for (ranks are London-wide, a period's change needs the year before), so its cost is
    /// the reading, not the page. Measured on the London seed data (Debug build, loopback, warm): a borough ranking
    /// of a year 0.3 s, wards by police.uk category over a year about as much, while wards by MPS category by month
    /// over two years (490,000 rows) takes 23 s; a ward's series takes 20 ms there. The cost cannot see the grouping
    /// (GraphQL:ExecutionTimeoutSeconds bounds the rare whole-London-by-month), so it is priced for the questions
    /// people ask (rankings, a borough's years) like the series is for wards: 20,000, so the default limit of
    /// 100,000 admits four aggregates or maps in one request, with their rows.
    /// </summary>
    public const int AggregateCost = 20_000;

    /// <summary>
    /// What one map costs, on top of its wards: a sum per ward of a ward set over the range, read from London's
    /// counts, and every ward's polygon (about 600 KB for the 2022 set). Measured as above: a police.uk category
    /// over twelve months 0.15 s, an MPS category over two years 0.25 s (eight to twelve ward series). Priced as an
    /// aggregate: four maps fit in the default limit, a fifth does not (the wards add 704 per field selected).
    /// </summary>
    public const int MapCost = 20_000;

    /// <summary>How many wards the cost limit assumes a map lists: the largest ward set of London (the 2022 set's map lists 704 codes).</summary>
    public const int MapWards = 704;

    /// <summary>The downloads: a few small tables (downloads, gaps), a REST rate-limit token's worth (GraphQLCostPerToken 1000).</summary>
    public const int DownloadsCost = 1_000;

    public static void AddQueryFields(ObjectType query, DomainGraphs g)
    {
        query.AddField(AggregatesField(g));
        query.AddField(MapField(g));
        query.AddField(DownloadsField(g));
    }

    private static FieldDefinition AggregatesField(DomainGraphs g)
    {
        var row = new ObjectType("CrimeAggregate", "One group of an aggregate of the current MPS monthly counts: the keys grouped by (the others are null) and the sums.")
            .Field("area", g.Areas.Type, ctx => ((AggregateRow)ctx.Source!).AreaCode is { } code ? new ValueTask<object?>(g.Areas.LoadAsync(ctx, code)) : new ValueTask<object?>((object?)null),
                "The area of the row, grouped by area or borough; null otherwise.")
            .Field("areaCode", ScalarType.String, description: "The area's GSS code, grouped by area (a ward, or a borough for its own published counts) or by borough; null otherwise.")
            .Field("areaName", ScalarType.String, description: "The area's name, grouped by area or borough.")
            .Field("categoryId", ScalarType.String, description: "The MPS category, grouped by category.")
            .Field("policeUkId", ScalarType.String, description: "The police.uk category, grouped by police.uk category.")
            .Field("period", ScalarType.String, description: "The period's label (2023-01, 2023-Q1, 2023-24, 2023), grouped by period.")
            .Field("periodStart", Scalars.Scalars.LocalDate, description: "The period's first day, grouped by period.")
            .Field("periodEnd", Scalars.Scalars.LocalDate, description: "The period's last day, grouped by period.")
            .Field("value", ScalarType.Float.NonNull(), description: "The sum of the current counts of the group.")
            .Field("months", ScalarType.Int.NonNull(), description: "How many months of the group have figures.")
            .Field("figures", ScalarType.Int.NonNull(), description: "How many current counts were summed.")
            .Field("previousValue", ScalarType.Float, description: "The same group a year earlier, grouped by period; null when it has no figures.")
            .Field("previousMonths", ScalarType.Int, description: "The months with figures a year earlier, grouped by period.")
            .Field("change", ScalarType.Float, description: "value minus previousValue, when both periods have the same number of months published (a partly published period is never compared with a whole one); else null.")
            .Field("changePercent", ScalarType.Float, description: "change as a percentage of previousValue, under the same condition; null when previousValue is 0.")
            .Field("population", ScalarType.Int, description: "Census 2021 usual residents of the area, grouped by area or borough, when the area has one (wards of the 2022 set, boroughs).")
            .Field("ratePer1000", ScalarType.Float, description: "value per 1,000 residents (2 decimals), grouped by area or borough; null when the area has no population (rateNullReason says why).")
            .Field("rateNullReason", ScalarType.String, description: "Why ratePer1000 is null: no_population (a ward of the 2014 or 2018 set, the aviation unit); null when there is a rate.")
            .Field("rank", ScalarType.Int, description: "Grouped by area or borough: 1 for the highest value among the rows of the same category and period, London-wide whatever areas are asked for (equal values share a rank).")
            .Field("rateRank", ScalarType.Int, description: "As rank, by ratePer1000 among the rows that have one.")
            .Field("boroughRank", ScalarType.Int, description: "Grouped by area, for a ward: its rank by value among the wards of its borough.");
        var edge = new ObjectType("CrimeAggregateEdge", "An edge in a connection.")
            .Field("cursor", ScalarType.String.NonNull(), description: "A cursor for use in pagination.")
            .Field("node", row.NonNull(), description: "The item at the end of the edge.");
        var connection = new ObjectType("CrimeAggregateConnection", "A connection to a list of items.")
            .Field("pageInfo", g.Shared.PageInfo.NonNull(), description: "Information to aid in pagination.")
            .Field("edges", edge.NonNull().ListOf(), description: "A list of edges.")
            .Field("nodes", row.NonNull().ListOf(), description: "A flattened list of the nodes.")
            .Field("totalCount", ScalarType.Int.NonNull(), description: "Identifies the total count of items in the connection.");

        var key = new EnumType("CrimeAggregateKey", "What crime aggregates are grouped by.");
        key.AddValue(new EnumValueDefinition("AREA", AggregateKey.Area, "Each ward (a borough for its own published counts, the aviation unit for its rows)."));
        key.AddValue(new EnumValueDefinition("BOROUGH", AggregateKey.Borough, "Each borough: its own published counts for a month where there are any, else its wards' (the basis of its series). Not with AREA."));
        key.AddValue(new EnumValueDefinition("CATEGORY", AggregateKey.Category, "Each MPS category."));
        key.AddValue(new EnumValueDefinition("POLICE_UK", AggregateKey.PoliceUk, "Each police.uk category."));
        key.AddValue(new EnumValueDefinition("PERIOD", AggregateKey.Period, "Each period (see period), with the change from the same period a year earlier."));
        var unit = new EnumType("CrimePeriodUnit", "The length of an aggregate's periods.");
        unit.AddValue(new EnumValueDefinition("MONTH", PeriodUnit.Month, "Calendar months, labelled 2023-01."));
        unit.AddValue(new EnumValueDefinition("QUARTER", PeriodUnit.Quarter, "Calendar quarters, labelled 2023-Q1."));
        unit.AddValue(new EnumValueDefinition("FINANCIAL_YEAR", PeriodUnit.FinancialYear, "UK financial years, April to March, labelled 2023-24."));
        unit.AddValue(new EnumValueDefinition("YEAR", PeriodUnit.Year, "Calendar years, labelled 2023."));
        var sort = new EnumType("CrimeAggregateSort", "The order of aggregate rows by a measure (nulls last either way; ties in key order).");
        foreach (var (name, field, words) in new[]
                 {
                     ("VALUE", AggregateSortField.Value, "value"),
                     ("RATE_PER_1000", AggregateSortField.RatePer1000, "ratePer1000 (group by AREA or BOROUGH)"),
                     ("CHANGE", AggregateSortField.Change, "change (group by PERIOD)"),
                     ("CHANGE_PERCENT", AggregateSortField.ChangePercent, "changePercent (group by PERIOD)"),
                 })
        {
            sort.AddValue(new EnumValueDefinition(name + "_ASC", new AggregateSort(field, false), $"By {words}, smallest first."));
            sort.AddValue(new EnumValueDefinition(name + "_DESC", new AggregateSort(field, true), $"By {words}, largest first."));
        }

        var paging = g.Shared.Paging;
        var aggregates = new FieldDefinition("crimeAggregates", connection.NonNull(), context => ResolveAggregatesAsync(context, paging),
            "Sums of the current MPS monthly counts grouped by area or borough, category, police.uk category and period, with area names, populations, rates per 1,000 residents, ranks (London-wide, by rate, within the borough) and the change from a year earlier. Default: grouped by period (months), all recorded crime. (REST: /api/v1/crime-figures/aggregates.)")
        {
            Cost = AggregateCost,
            ListSize = ConnectionArguments.Sizing,
        };
        aggregates.Argument("groupBy", key.NonNull().ListOf(), "The keys to group by (default [PERIOD]); AREA or BOROUGH, not both.");
        aggregates.Argument("period", unit, "The length of the periods when grouping by PERIOD (default MONTH); only with PERIOD.");
        aggregates.Argument("from", ScalarType.String, "First month, YYYY-MM (default: the first published).");
        aggregates.Argument("to", ScalarType.String, "Last month, YYYY-MM (default: the last published).");
        aggregates.Argument("category", ScalarType.String, "An offence category id (MPS, police.uk or document category); default all recorded crime. Not with policeUk.");
        aggregates.Argument("policeUk", ScalarType.String, "A police.uk category, as id (police-uk-burglary) or slug (burglary). Not with category.");
        aggregates.Argument("areaCodes", ScalarType.String.NonNull().ListOf(), "Only these areas: wards, or boroughs (a borough's own counts and its wards'). Ranks stay London-wide.");
        aggregates.Argument("sort", sort, "The order of the rows (default: the grouped keys).");
        aggregates.Argument("first", ScalarType.Int, string.Create(CultureInfo.InvariantCulture,
            $"Returns the first _n_ elements from the list (default {paging.DefaultPageSize}, at most {paging.MaxPageSize}; 0 for none, e.g. to read totalCount alone)."));
        aggregates.Argument("after", ScalarType.String, "Returns the elements in the list that come after the specified cursor.");
        return aggregates;
    }

    private static async ValueTask<object?> ResolveAggregatesAsync(FieldContext context, QueryOptions paging)
    {
        var arguments = context.Arguments;
        var first = arguments.GetValueOrDefault("first") is int n ? n : paging.DefaultPageSize;
        if (first < 0 || first > paging.MaxPageSize)
        {
            throw QueryErrors.ToGraphQL(new QueryException(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.PageSize), $"first must be between 0 and {paging.MaxPageSize}."));
        }
        var analysis = context.RequestServices.GetRequiredService<CrimeFigureAnalysis>();
        var after = arguments.GetValueOrDefault("after") as string;
        try
        {
            var query = new AggregateQuery
            {
                GroupBy = arguments.GetValueOrDefault("groupBy") is IReadOnlyList<object?> keys ? keys.OfType<AggregateKey>().Distinct().ToList() : [AggregateKey.Period],
                Period = arguments.GetValueOrDefault("period") is PeriodUnit unit ? unit : PeriodUnit.Month,
                From = ReadMonth(arguments, "from"),
                To = ReadMonth(arguments, "to"),
                AreaCodes = arguments.GetValueOrDefault("areaCodes") is IReadOnlyList<object?> codes ? codes.OfType<string>().ToList() : null,
                Sort = arguments.GetValueOrDefault("sort") as AggregateSort,
            };
            // What cannot be asked together, and a cursor not ours, are refused before anything is read.
            if (query.Check(periodGiven: arguments.GetValueOrDefault("period") is not null) is { Count: > 0 } errors) throw new QueryException(errors);
            if (after is not null) AggregateCursor.Decode(query, after);
            var page = await RequestStore.UseAsync(context, async (db, cancellationToken) =>
            {
                var category = arguments.GetValueOrDefault("category") as string;
                var policeUk = arguments.GetValueOrDefault("policeUk") as string;
                if (category is not null || policeUk is not null)
                {
                    query = query with { Categories = await analysis.ResolveCategoriesAsync(db, category, policeUk, cancellationToken) };
                }
                // The aggregate is computed whole for any page, so its total costs nothing more. first: 0 reads a
                // row to tell whether there is one (as the dataset connections do).
                return await analysis.AggregatePageAsync(db, query, Math.Max(first, 1), after, includeTotal: true, cancellationToken);
            });
            if (first == 0) return new ConnectionResult([], [], page.Rows.Count > 0, after is not null, page.Total);
            return new ConnectionResult(page.Rows.ToList<object>(), page.Rows.Select(r => AggregateCursor.Encode(query, r)).ToList(),
                page.HasNextPage, after is not null, page.Total);
        }
        catch (QueryException e)
        {
            throw QueryErrors.ToGraphQL(e);
        }
    }

    private static FieldDefinition MapField(DomainGraphs g)
    {
        var ward = new ObjectType("CrimeMapWard", "A ward of a boundary set on the crime map: the sum of the current monthly counts of the chosen categories over the months, and its polygon.")
            .Field("area", g.Areas.Type.NonNull(), ctx => new ValueTask<object?>(g.Areas.LoadAsync(ctx, ((MapWard)ctx.Source!).Code)), "The ward.")
            .Field("areaCode", ScalarType.String.NonNull(), ctx => new ValueTask<object?>(((MapWard)ctx.Source!).Code), "The ward's GSS code.")
            .Field("areaName", ScalarType.String.NonNull(), ctx => new ValueTask<object?>(((MapWard)ctx.Source!).Name), "The ward's name.")
            .Field("boundarySet", ScalarType.String.NonNull(), description: "The ward set of the map.")
            .Field("value", ScalarType.Float, description: "The sum over the months with a figure for the categories (months); null, never 0, when there are none (nullReason says why).")
            .Field("figures", ScalarType.Int.NonNull(), description: "How many current figures were summed.")
            .Field("months", ScalarType.Int.NonNull(), description: "The months of the range with a value for the categories: published under a ward set the ward belongs to, in a labelling scheme of the categories.")
            .Field("nullReason", ScalarType.String, description: "Why value is null: category_not_in_scheme, not_in_ward_set (the range's months are published under another ward set), gap or not_published; null when there is a value.")
            .Field("geometry", Scalars.Scalars.GeoJson, description: "The ward's boundary polygon as a GeoJSON geometry (as Area.boundary), or null when none is published.")
            .Field("population", ScalarType.Int, ctx => new ValueTask<object?>((int?)((MapWard)ctx.Source!).Population), "Census 2021 usual residents of the ward; null when it has none (wards of the 2014 and 2018 sets).")
            .Field("ratePer1000", ScalarType.Float, description: "value per 1,000 residents (2 decimals); null with value or without a population.")
            .Field("rateNullReason", ScalarType.String, description: "no_population when the ward has no Census 2021 population; null otherwise.");
        var map = new FieldDefinition("crimeMap", ward.NonNull().ListOf().NonNull(), ResolveMapAsync,
            "Every ward of a boundary set with the sum of the current monthly counts of the chosen categories over a range of months and its polygon, for a map of London (null, never 0, where a ward has no figure for them). (REST: /api/v1/crime-figures/map, as GeoJSON.)")
        {
            Cost = MapCost,
            ListSize = new ListSize { SlicingArguments = [], AssumedSize = MapWards },
        };
        map.Argument("boundarySet", ScalarType.String.NonNull(), $"The ward set: {string.Join(" or ", CrimeFigureAnalysis.MapBoundarySets)}.");
        map.Argument("from", ScalarType.String.NonNull(), "First month, YYYY-MM.");
        map.Argument("to", ScalarType.String.NonNull(), "Last month, YYYY-MM.");
        map.Argument("category", ScalarType.String, "An offence category id (MPS, police.uk or document category); default all recorded crime. Not with policeUk.");
        map.Argument("policeUk", ScalarType.String, "A police.uk category, as id (police-uk-burglary) or slug (burglary). Not with category.");
        return map;
    }

    private static async ValueTask<object?> ResolveMapAsync(FieldContext context)
    {
        var arguments = context.Arguments;
        var boundarySet = (string)arguments["boundarySet"]!;
        var analysis = context.RequestServices.GetRequiredService<CrimeFigureAnalysis>();
        try
        {
            if (CrimeFigureAnalysis.CheckBoundarySet(boundarySet) is { } wrongSet) throw new QueryException(wrongSet);
            var from = ReadMonth(arguments, "from")!.Value;
            var to = ReadMonth(arguments, "to")!.Value;
            return await RequestStore.UseAsync(context, async (db, cancellationToken) =>
            {
                var categories = await analysis.ResolveCategoriesAsync(db, arguments.GetValueOrDefault("category") as string,
                    arguments.GetValueOrDefault("policeUk") as string, cancellationToken);
                return await analysis.MapAsync(db, boundarySet, from, to, categories, cancellationToken);
            });
        }
        catch (QueryException e)
        {
            throw QueryErrors.ToGraphQL(e);
        }
    }

    private static FieldDefinition DownloadsField(DomainGraphs g)
    {
        // The coverage type of the series: a first and a last month.
        var range = (ObjectType)g.CrimeSeries.GetField("coverage")!.Type;
        var monthTotal = new ObjectType("CrimeDownloadMonth", "The sum of a download's counts for one month: London's total as that download published it.")
            .Field("month", ScalarType.String.NonNull(), description: "The month, YYYY-MM.")
            .Field("total", ScalarType.Int.NonNull(), description: "The sum of the download's counts for the month.");
        var download = new ObjectType("CrimeDownload", "One MPS download in the store: what it covers and the months it is the current source for.")
            .Field("file", ScalarType.String.NonNull(), description: "The download's file under seed-data/.")
            .Field("sourceId", ScalarType.String.NonNull(), description: "The source the download belongs to.")
            .Field("kind", ScalarType.String.NonNull(), description: "ward (a ward file) or borough (a borough file).")
            .Field("firstMonth", ScalarType.String.NonNull(), description: "First month the download covers, YYYY-MM.")
            .Field("lastMonth", ScalarType.String.NonNull(), description: "Last month the download covers, YYYY-MM.")
            .Field("wardSet", ScalarType.String, description: "The ward boundary set its ward codes belong to; null for a borough file.")
            .Field("scheme", ScalarType.String.NonNull(), description: "The MPS labelling scheme of its categories.")
            .Field("rows", ScalarType.Int.NonNull(), description: "Data rows in the file.")
            .Field("counts", ScalarType.Int.NonNull(), description: "Monthly counts it published (a row holds one per month).")
            .Field("total", ScalarType.Int.NonNull(), description: "The sum of its counts.")
            .Field("sha256", ScalarType.String.NonNull(), description: "SHA-256 of the file, hex.")
            .Field("currentMonths", range.NonNull().ListOf().NonNull(), description: "The ranges of months for which it is the newest download of its kind, so its counts are the current ones; the other months it covers are revised by newer downloads.")
            .Field("monthlyTotals", monthTotal.NonNull().ListOf().NonNull(), description: "The sum of its counts for each month it covers, first month first: compare two downloads' totals for the months they share to see what the newer one revised.");
        download.GetField("currentMonths")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 2 };
        download.GetField("monthlyTotals")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 24 };
        var catalogue = new ObjectType("CrimeDownloadCatalogue", "The MPS downloads the store holds and what they cover.")
            .Field("latestMonth", ScalarType.String, description: "The latest month with figures, YYYY-MM; null when there are no downloads.")
            .Field("coverage", range, description: "The first and last month the downloads cover; null when there are none.")
            .Field("gaps", ScalarType.String.NonNull().ListOf().NonNull(), description: "Recorded coverage gaps (YYYY-MM): months no download covers.")
            .Field("downloads", download.NonNull().ListOf().NonNull(), description: "Every download, oldest first.");
        catalogue.GetField("gaps")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 12 };
        catalogue.GetField("downloads")!.ListSize = new ListSize { SlicingArguments = [], AssumedSize = 20 };
        return new FieldDefinition("crimeDownloads", catalogue.NonNull(), ResolveDownloadsAsync,
            "The latest month with MPS figures, the months the downloads cover and their gaps, and every download with the months it is current for: readable without asking for a series. (REST: /api/v1/crime-figures/downloads.)")
        {
            Cost = DownloadsCost,
        };
    }

    private static async ValueTask<object?> ResolveDownloadsAsync(FieldContext context)
    {
        var analysis = context.RequestServices.GetRequiredService<CrimeFigureAnalysis>();
        return await RequestStore.UseAsync(context, (db, cancellationToken) => analysis.GetDownloadsAsync(db, cancellationToken));
    }

    private static Month? ReadMonth(IReadOnlyDictionary<string, object?> arguments, string name)
    {
        if (arguments.GetValueOrDefault(name) is not string text) return null;
        return Month.TryParse(text, out var month)
            ? month
            : throw new QueryException(QueryErrorKind.InvalidParameter, new QuerySubject(name == "from" ? QueryInput.RangeStart : QueryInput.RangeEnd), $"{name} must be a month, YYYY-MM.");
    }
}
