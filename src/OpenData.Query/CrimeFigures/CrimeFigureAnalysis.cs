using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>
/// The crime-figure questions users ask of the monthly MPS counts: one area's monthly series with its revisions
/// and gaps, sums grouped by area / category / period with year-on-year change, and per-ward sums for a map.
/// Shared by REST and GraphQL. Only monthly count figures take part (measure <c>count</c>, a period of exactly one
/// calendar month); document figures with other periods or measures are not summed.
/// </summary>
public sealed class CrimeFigureAnalysis
{
    /// <summary>Largest range, in months, a series, aggregate or map may cover (100 years: a guard, not a policy).</summary>
    public const int MaxMonths = 1200;

    /// <summary>
    /// Figures that may be monthly counts: measure <c>count</c>. Whether a figure's period is one calendar month is
    /// decided by <see cref="IsMonth"/> on the (period_start, period_end) pairs the queries return or group by, not
    /// per row in SQL: a date function on every row (strftime on SQLite) cost more than the rest of an aggregate,
    /// and the pairs are few.
    /// </summary>
    private static IQueryable<CrimeFigure> Counts(OpenDataDbContext db) => db.CrimeFigures.AsNoTracking().Where(f => f.Measure == "count");

    /// <summary>A period of one calendar month starting on its first day (a monthly count's period).</summary>
    internal static bool IsMonth(DateOnly start, DateOnly end) =>
        start.Day == 1 && end.Year == start.Year && end.Month == start.Month;

    /// <summary>
    /// The categories a <c>category</c> or <c>police_uk</c> argument stands for. A police.uk category (either
    /// argument; <c>police_uk</c> also takes the bare slug) stands for every MPS minor category mapped to it
    /// (<c>police-uk-all-crime</c>: every MPS minor category). An MPS category of any labelling scheme stands for
    /// itself and its namesakes in the other MPS schemes (names compared case-insensitively, for minors with their
    /// major's name), so a series runs on across the MPS relabelling; a major category stands for its minors.
    /// A document category stands for itself. Neither argument: every MPS minor category (all recorded crime).
    /// </summary>
    public async Task<CategorySelection> ResolveCategoriesAsync(OpenDataDbContext db, string? category, string? policeUk, CancellationToken cancellationToken = default)
    {
        if (category is not null && policeUk is not null)
        {
            throw new QueryException(QueryErrorKind.InvalidParameter, "police_uk", "Give category or police_uk, not both.");
        }
        var all = await db.OffenceCategories.AsNoTracking()
            .Select(c => new CategoryRow(c.Id, c.Scheme, c.Level, c.Name, c.ParentId, c.PoliceUkId))
            .ToListAsync(cancellationToken);
        var byId = all.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var mpsMinors = all.Where(c => c.Scheme.StartsWith("mps-", StringComparison.Ordinal) && c.Level == "minor").ToList();

        if (category is null && policeUk is null)
        {
            return new CategorySelection(null, mpsMinors.Select(c => c.Id).ToList());
        }
        if (policeUk is not null)
        {
            var id = policeUk.StartsWith("police-uk-", StringComparison.Ordinal) ? policeUk : "police-uk-" + policeUk;
            if (!byId.TryGetValue(id, out var police) || police.Scheme != "police-uk")
            {
                throw new QueryException(QueryErrorKind.InvalidParameter, "police_uk", $"'{policeUk}' is not a police.uk category (see /api/v1/offence-categories?scheme=police-uk).");
            }
            return new CategorySelection(id, MappedTo(police, mpsMinors));
        }

        if (!byId.TryGetValue(category!, out var chosen))
        {
            throw new QueryException(QueryErrorKind.InvalidParameter, "category", $"'{category}' is not an offence category id (see /api/v1/offence-categories).");
        }
        if (chosen.Scheme == "police-uk") return new CategorySelection(chosen.Id, MappedTo(chosen, mpsMinors));
        if (!chosen.Scheme.StartsWith("mps-", StringComparison.Ordinal)) return new CategorySelection(chosen.Id, [chosen.Id]);

        string? ParentName(CategoryRow c) => c.ParentId is not null && byId.TryGetValue(c.ParentId, out var p) ? p.Name : null;
        var mps = all.Where(c => c.Scheme.StartsWith("mps-", StringComparison.Ordinal)).ToList();
        if (chosen.Level == "major")
        {
            var majors = mps.Where(c => c.Level == "major" && Same(c.Name, chosen.Name)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            return new CategorySelection(chosen.Id, mpsMinors.Where(c => c.ParentId is not null && majors.Contains(c.ParentId)).Select(c => c.Id).ToList());
        }
        var parentName = ParentName(chosen);
        return new CategorySelection(chosen.Id, mps
            .Where(c => c.Level == chosen.Level && Same(c.Name, chosen.Name) && Same(ParentName(c), parentName))
            .Select(c => c.Id).ToList());

        static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        static List<string> MappedTo(CategoryRow police, List<CategoryRow> minors) =>
            police.Id == "police-uk-all-crime"
                ? minors.Select(c => c.Id).ToList()
                : minors.Where(c => c.PoliceUkId == police.Id).Select(c => c.Id).ToList();
    }

    /// <summary>
    /// One area's monthly series over [from, to]: every month in order, the sum of the current figures of the
    /// categories (0 when the month is published but has none of them, null in a gap), the superseded values of
    /// those figures (revisions), and the gaps (months with no published figure for the area at all).
    /// An area with wards (the borough) uses its own figures for a month where there are any, else the sum of its
    /// wards' figures. Null when the area does not exist.
    /// </summary>
    public async Task<CrimeSeries?> GetSeriesAsync(OpenDataDbContext db, string areaCode, Month? from, Month? to, CategorySelection categories, CancellationToken cancellationToken = default)
    {
        var area = await db.Areas.AsNoTracking().Where(a => a.Code == areaCode)
            .Select(a => new { a.Code, a.Name, a.Type }).FirstOrDefaultAsync(cancellationToken);
        if (area is null) return null;
        var wards = await db.Areas.AsNoTracking().Where(a => a.ParentCode == areaCode && a.Type == "ward").Select(a => a.Code).ToListAsync(cancellationToken);
        var areaCodes = wards.Append(areaCode).ToList();

        // A ward's series (no wards under it) asks by equality: a list parameter (json_each on SQLite) looks long to
        // the planner, which then reads every area's figures for the period instead of seeking this area's.
        var counts = wards.Count == 0 ? Counts(db).Where(f => f.AreaCode == areaCode) : Counts(db).Where(f => areaCodes.Contains(f.AreaCode));
        if (from is null || to is null)
        {
            // Default range: the months the area has figures for.
            var periods = await counts.Where(f => f.IsCurrent).Select(f => new { f.PeriodStart, f.PeriodEnd }).Distinct().ToListAsync(cancellationToken);
            var published = periods.Where(p => IsMonth(p.PeriodStart, p.PeriodEnd)).Select(p => p.PeriodStart).ToList();
            if (published.Count == 0)
            {
                throw new QueryException(QueryErrorKind.InvalidParameter, from is null ? "from" : "to",
                    $"{areaCode} has no monthly figures to take a default range from: give from and to (YYYY-MM).");
            }
            from ??= Month.Of(published.Min());
            to ??= Month.Of(published.Max());
        }
        CheckRange(from.Value, to.Value);
        var start = from.Value.FirstDay;
        var end = to.Value.FirstDay;
        var inRange = counts.Where(f => f.PeriodStart >= start && f.PeriodStart <= end);

        var covered = (await inRange.Where(f => f.IsCurrent).Select(f => new { f.PeriodStart, f.PeriodEnd, Own = f.AreaCode == areaCode }).Distinct().ToListAsync(cancellationToken))
            .Where(x => IsMonth(x.PeriodStart, x.PeriodEnd))
            .GroupBy(x => x.PeriodStart).ToDictionary(g => g.Key, g => g.Any(x => x.Own));
        var ids = categories.CategoryIds;
        var figures = (await inRange.Where(f => ids.Contains(f.CategoryId))
            .Select(f => new { f.Id, f.AreaCode, f.CategoryId, f.PeriodStart, f.PeriodEnd, f.Value, f.IsCurrent, f.SupersededBy, f.SourceId, f.Locator })
            .ToListAsync(cancellationToken))
            .Where(f => IsMonth(f.PeriodStart, f.PeriodEnd));
        var byMonth = figures.ToLookup(f => f.PeriodStart);

        var months = new List<SeriesMonth>();
        var gaps = new List<string>();
        for (var month = from.Value; month <= to.Value; month = month.Next())
        {
            var day = month.FirstDay;
            if (!covered.TryGetValue(day, out var own))
            {
                gaps.Add(month.ToString());
                months.Add(new SeriesMonth(month.ToString(), null, 0, false, []));
                continue;
            }
            // Own figures win for the month; otherwise the wards' sum.
            var used = byMonth[day].Where(f => own ? f.AreaCode == areaCode : f.AreaCode != areaCode).ToList();
            var current = used.Where(f => f.IsCurrent).ToList();
            var currentValue = current.GroupBy(f => (f.AreaCode, f.CategoryId)).ToDictionary(g => g.Key, g => g.Sum(f => f.Value));
            var revisions = used.Where(f => !f.IsCurrent)
                .OrderBy(f => f.AreaCode, StringComparer.Ordinal).ThenBy(f => f.CategoryId, StringComparer.Ordinal).ThenBy(f => f.Id, StringComparer.Ordinal)
                .Select(f => new SeriesRevision(f.Id, f.AreaCode, f.CategoryId, f.Value,
                    currentValue.TryGetValue((f.AreaCode, f.CategoryId), out var now) ? now : null, f.SupersededBy, f.SourceId, f.Locator))
                .ToList();
            months.Add(new SeriesMonth(month.ToString(), current.Sum(f => f.Value), current.Count,
                revisions.Any(r => r.CurrentValue != r.Value), revisions));
        }
        return new CrimeSeries(area.Code, area.Name, area.Type, from.Value.ToString(), to.Value.ToString(), categories.Requested,
            categories.CategoryIds.Order(StringComparer.Ordinal).ToList(), months, gaps);
    }

    /// <summary>
    /// Sums of current monthly count figures grouped by the chosen keys, with year-on-year change when grouped by
    /// period: the same group a year earlier (looked up beyond <c>from</c> if need be), the change and the percent
    /// change. The change is given only when both periods have the same number of months published, so a partly
    /// published period is never compared with a whole one.
    /// </summary>
    public async Task<IReadOnlyList<AggregateRow>> AggregateAsync(OpenDataDbContext db, AggregateQuery query, CancellationToken cancellationToken = default)
    {
        var byArea = query.GroupBy.Contains(AggregateKey.Area);
        var byCategory = query.GroupBy.Contains(AggregateKey.Category);
        var byPoliceUk = query.GroupBy.Contains(AggregateKey.PoliceUk);
        var byPeriod = query.GroupBy.Contains(AggregateKey.Period);
        if (query.From is { } f0 && query.To is { } t0) CheckRange(f0, t0);

        // SQL sums per grouped key and month; the months are then checked (IsMonth) and folded into periods here,
        // and categories into their police.uk categories: a few hundred subtotals for the usual questions, no date
        // function in SQL, and no join (the category index gives the groups in order).
        var subtotals = await Subtotals(db, query).ToListAsync(cancellationToken);
        var policeUkOf = byPoliceUk
            ? await db.OffenceCategories.AsNoTracking().Select(c => new { c.Id, c.PoliceUkId }).ToDictionaryAsync(c => c.Id, c => c.PoliceUkId, cancellationToken)
            : [];
        var groups = new Dictionary<GroupKey, GroupTotals>();
        foreach (var part in subtotals)
        {
            if (!IsMonth(part.PeriodStart, part.PeriodEnd)) continue;
            var key = new GroupKey(
                part.AreaCode,
                byCategory ? part.CategoryId : null,
                byPoliceUk ? policeUkOf.GetValueOrDefault(part.CategoryId!) ?? "" : null,
                byPeriod ? PeriodBucket.Of(query.Period, part.PeriodStart) : null);
            if (!groups.TryGetValue(key, out var totals)) groups.Add(key, totals = new GroupTotals());
            totals.Value += part.Value;
            totals.Figures += part.Figures;
            totals.Months.Add(part.PeriodStart);
        }

        var result = new List<AggregateRow>();
        foreach (var (key, totals) in groups)
        {
            if (key.Period is { } bucket && query.From is { } first && bucket.End < first.FirstDay) continue;
            double? previous = null;
            int? previousMonths = null;
            if (key.Period is { } b && groups.TryGetValue(key with { Period = b.YearEarlier() }, out var before))
            {
                previous = before.Value;
                previousMonths = before.Months.Count;
            }
            double? change = previous is not null && previousMonths == totals.Months.Count ? totals.Value - previous : null;
            double? changePercent = change is not null && previous != 0 ? Math.Round(change.Value / previous!.Value * 100, 1) : null;
            result.Add(new AggregateRow(
                key.Area, key.Category, byPoliceUk ? (key.PoliceUk == "" ? null : key.PoliceUk) : null,
                key.Period?.Label, key.Period?.Start, key.Period?.End,
                totals.Value, totals.Months.Count, totals.Figures,
                byPeriod ? previous : null, byPeriod ? previousMonths : null, change, changePercent));
        }
        return result
            .OrderBy(r => r.AreaCode, StringComparer.Ordinal)
            .ThenBy(r => r.CategoryId, StringComparer.Ordinal)
            .ThenBy(r => r.PoliceUkId, StringComparer.Ordinal)
            .ThenBy(r => r.PeriodStart)
            .ToList();
    }

    /// <summary>
    /// The SQL of an aggregate: current count figures matching the query, summed with GROUP BY over the grouped
    /// keys (category_id also for police_uk, mapped afterwards) and the period (period_start, period_end), in the
    /// column order of the covering indexes so SQLite reads the groups in order. Keys not grouped by are left
    /// out of the GROUP BY, and come back null.
    /// </summary>
    internal static IQueryable<AggregateSubtotal> Subtotals(OpenDataDbContext db, AggregateQuery query)
    {
        var byPeriod = query.GroupBy.Contains(AggregateKey.Period);
        IQueryable<CrimeFigure> rows = Counts(db).Where(f => f.IsCurrent);
        var predicate = FilterTranslator.ToPredicate<CrimeFigure>(CrimeFigureDto.Dataset, query.Filter);
        if (predicate is not null) rows = rows.Where(predicate);
        if (query.Categories is { } selection)
        {
            var ids = selection.CategoryIds;
            rows = rows.Where(f => ids.Contains(f.CategoryId));
        }
        if (query.From is { } from)
        {
            // A year more than asked for, so the first periods have something to compare with.
            var start = byPeriod ? from.AddMonths(-12).FirstDay : from.FirstDay;
            rows = rows.Where(f => f.PeriodStart >= start);
        }
        if (query.To is { } to)
        {
            var end = to.FirstDay;
            rows = rows.Where(f => f.PeriodStart <= end);
        }
        return rows.GroupBy(SubtotalKey(query.GroupBy)).Select(g => new AggregateSubtotal
        {
            AreaCode = g.Key.AreaCode,
            CategoryId = g.Key.CategoryId,
            PeriodStart = g.Key.PeriodStart,
            PeriodEnd = g.Key.PeriodEnd,
            Value = g.Sum(f => f.Value),
            Figures = g.Count(),
        });
    }

    /// <summary><c>f => new AggregateSubtotal { CategoryId = f.CategoryId, PeriodStart = f.PeriodStart, PeriodEnd = f.PeriodEnd, AreaCode = f.AreaCode }</c>
    /// with only the keys grouped by bound, so only they reach the GROUP BY (a key bound to a constant null would
    /// still be a GROUP BY term on some providers).</summary>
    private static Expression<Func<CrimeFigure, AggregateSubtotal>> SubtotalKey(IReadOnlyList<AggregateKey> groupBy)
    {
        var figure = Expression.Parameter(typeof(CrimeFigure), "f");
        var names = new List<string>();
        if (groupBy.Contains(AggregateKey.Category) || groupBy.Contains(AggregateKey.PoliceUk)) names.Add(nameof(CrimeFigure.CategoryId));
        names.Add(nameof(CrimeFigure.PeriodStart));
        names.Add(nameof(CrimeFigure.PeriodEnd));
        if (groupBy.Contains(AggregateKey.Area)) names.Add(nameof(CrimeFigure.AreaCode));
        var bindings = names.Select(name => (MemberBinding)Expression.Bind(
            typeof(AggregateSubtotal).GetProperty(name)!, Expression.Property(figure, typeof(CrimeFigure).GetProperty(name)!)));
        return Expression.Lambda<Func<CrimeFigure, AggregateSubtotal>>(
            Expression.MemberInit(Expression.New(typeof(AggregateSubtotal)), bindings), figure);
    }

    /// <summary>Per ward of a boundary set: the sum of the current monthly figures of the categories over
    /// [from, to] (null when the ward has no figure in the range), with its polygon.</summary>
    public async Task<IReadOnlyList<MapWard>> MapAsync(OpenDataDbContext db, string boundarySet, Month from, Month to, CategorySelection categories, CancellationToken cancellationToken = default)
    {
        CheckRange(from, to);
        var wards = await db.Areas.AsNoTracking()
            .Where(a => a.Type == "ward" && a.BoundarySet == boundarySet)
            .OrderBy(a => a.Code)
            .Select(a => new { a.Code, a.Name, a.BoundarySet, a.Geometry })
            .ToListAsync(cancellationToken);
        var subtotals = (await MapSubtotals(db, wards.Select(w => w.Code).ToList(), from, to, categories).ToListAsync(cancellationToken))
            .Where(s => IsMonth(s.PeriodStart, s.PeriodEnd))
            .ToLookup(s => s.AreaCode);
        return wards.Select(w =>
        {
            var parts = subtotals[w.Code].ToList();
            var published = parts.Select(p => p.PeriodStart).Distinct().Count();
            return new MapWard(w.Code, w.Name, w.BoundarySet!, published == 0 ? null : parts.Sum(p => p.Value), parts.Sum(p => p.Figures), published, w.Geometry);
        }).ToList();
    }

    /// <summary>
    /// The SQL of a map: per area and period (one GROUP BY), the sum and number of current count figures of the
    /// categories; periods where the area has figures of other categories only come back with 0, so they still
    /// count as published months.
    /// </summary>
    internal static IQueryable<AggregateSubtotal> MapSubtotals(OpenDataDbContext db, IReadOnlyList<string> areaCodes, Month from, Month to, CategorySelection categories)
    {
        var ids = categories.CategoryIds;
        var start = from.FirstDay;
        var end = to.FirstDay;
        return Counts(db)
            .Where(f => f.IsCurrent && areaCodes.Contains(f.AreaCode) && f.PeriodStart >= start && f.PeriodStart <= end)
            .GroupBy(f => new { f.AreaCode, f.PeriodStart, f.PeriodEnd })
            .Select(g => new AggregateSubtotal
            {
                AreaCode = g.Key.AreaCode,
                PeriodStart = g.Key.PeriodStart,
                PeriodEnd = g.Key.PeriodEnd,
                Value = g.Sum(f => ids.Contains(f.CategoryId) ? f.Value : 0),
                Figures = g.Count(f => ids.Contains(f.CategoryId)),
            });
    }

    private static void CheckRange(Month from, Month to)
    {
        if (to < from) throw new QueryException(QueryErrorKind.InvalidParameter, "to", $"to ({to}) is before from ({from}).");
        if (to.Index - from.Index >= MaxMonths) throw new QueryException(QueryErrorKind.InvalidParameter, "to", $"A range may cover at most {MaxMonths} months.");
    }

    private sealed record CategoryRow(string Id, string Scheme, string Level, string Name, string? ParentId, string? PoliceUkId);

    private sealed record GroupKey(string? Area, string? Category, string? PoliceUk, PeriodBucket? Period);

    private sealed class GroupTotals
    {
        public double Value;
        public int Figures;
        public readonly HashSet<DateOnly> Months = [];
    }
}

/// <summary>One SQL group of an aggregate or map: the grouped keys (null when not grouped by), the period, and the
/// sum and number of figures.</summary>
internal sealed class AggregateSubtotal
{
    public string? AreaCode { get; init; }
    public string? CategoryId { get; init; }
    public DateOnly PeriodStart { get; init; }
    public DateOnly PeriodEnd { get; init; }
    public double Value { get; init; }
    public int Figures { get; init; }
}

/// <summary>The categories a series, aggregate or map sums: what was asked for and the ids it stands for.</summary>
public sealed record CategorySelection(string? Requested, IReadOnlyList<string> CategoryIds);

/// <summary>A calendar month, written <c>YYYY-MM</c>.</summary>
public readonly record struct Month(int Year, int MonthOfYear) : IComparable<Month>
{
    public int Index => Year * 12 + MonthOfYear - 1;
    public DateOnly FirstDay => new(Year, MonthOfYear, 1);
    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);
    public Month Next() => AddMonths(1);
    public Month AddMonths(int months) => FromIndex(Index + months);
    public static Month Of(DateOnly date) => new(date.Year, date.Month);
    public static Month FromIndex(int index) => new(index / 12, index % 12 + 1);

    /// <summary>Parses <c>YYYY-MM</c> for years 1000 to 9000: a range guard, so month arithmetic (a year back for
    /// year-on-year change) never leaves the calendar.</summary>
    public static bool TryParse(string? text, out Month month)
    {
        month = default;
        if (text is null || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return false;
        if (date.Year is < 1000 or > 9000) return false;
        month = Of(date);
        return true;
    }

    public int CompareTo(Month other) => Index.CompareTo(other.Index);
    public static bool operator <(Month a, Month b) => a.Index < b.Index;
    public static bool operator >(Month a, Month b) => a.Index > b.Index;
    public static bool operator <=(Month a, Month b) => a.Index <= b.Index;
    public static bool operator >=(Month a, Month b) => a.Index >= b.Index;
    public override string ToString() => $"{Year:D4}-{MonthOfYear:D2}";
}

public sealed record CrimeSeries(
    string AreaCode, string AreaName, string AreaType, string From, string To,
    string? Category, IReadOnlyList<string> CategoryIds,
    IReadOnlyList<SeriesMonth> Months, IReadOnlyList<string> Gaps);

/// <summary>One month of a series: <c>Value</c> null in a gap; <c>Figures</c> how many current figures were summed;
/// <c>Revised</c> true when an older download published a different value for one of them.</summary>
public sealed record SeriesMonth(string Month, double? Value, int Figures, bool Revised, IReadOnlyList<SeriesRevision> Revisions);

/// <summary>A superseded value of a figure in the series: what an older download published (<c>Value</c>) and
/// what the figure is now (<c>CurrentValue</c>; equal when the newer download republished the same count).</summary>
public sealed record SeriesRevision(string FigureId, string AreaCode, string CategoryId, double Value, double? CurrentValue, string? SupersededBy, string SourceId, string Locator);

public enum AggregateKey
{
    Area,
    Category,
    PoliceUk,
    Period,
}

public enum PeriodUnit
{
    Month,
    Quarter,
    FinancialYear,
    Year,
}

public sealed record AggregateQuery
{
    public IReadOnlyList<AggregateKey> GroupBy { get; init; } = [AggregateKey.Period];
    public PeriodUnit Period { get; init; } = PeriodUnit.Month;
    public Month? From { get; init; }
    public Month? To { get; init; }
    /// <summary>Conditions on crime-figure fields (the dataset's filter grammar).</summary>
    public FilterNode? Filter { get; init; }
    /// <summary>Only these categories (from <c>category</c>/<c>police_uk</c>), or all.</summary>
    public CategorySelection? Categories { get; init; }
}

/// <summary>One group of an aggregate. Keys not grouped by are null. <c>Months</c>: months with figures in the
/// group; the year-on-year fields are null unless grouped by period.</summary>
public sealed record AggregateRow(
    string? AreaCode, string? CategoryId, string? PoliceUkId,
    string? Period, DateOnly? PeriodStart, DateOnly? PeriodEnd,
    double Value, int Months, int Figures,
    double? PreviousValue, int? PreviousMonths, double? Change, double? ChangePercent);

/// <summary>A ward on the crime map: <c>Value</c> null when no figure of the ward falls in the range.</summary>
public sealed record MapWard(string Code, string Name, string BoundarySet, double? Value, int Figures, int Months, string? Geometry);

/// <summary>A period of an aggregate: label, first and last day.</summary>
public sealed record PeriodBucket(PeriodUnit Unit, string Label, DateOnly Start, DateOnly End)
{
    public static PeriodBucket Of(PeriodUnit unit, DateOnly day)
    {
        switch (unit)
        {
            case PeriodUnit.Month:
            {
                var start = new DateOnly(day.Year, day.Month, 1);
                return new PeriodBucket(unit, $"{day.Year:D4}-{day.Month:D2}", start, start.AddMonths(1).AddDays(-1));
            }
            case PeriodUnit.Quarter:
            {
                var quarter = (day.Month - 1) / 3 + 1;
                var start = new DateOnly(day.Year, (quarter - 1) * 3 + 1, 1);
                return new PeriodBucket(unit, $"{day.Year:D4}-Q{quarter}", start, start.AddMonths(3).AddDays(-1));
            }
            case PeriodUnit.FinancialYear:
            {
                // UK financial year, April to March, labelled like "2021-22".
                var year = day.Month >= 4 ? day.Year : day.Year - 1;
                return new PeriodBucket(unit, $"{year:D4}-{(year + 1) % 100:D2}", new DateOnly(year, 4, 1), new DateOnly(year + 1, 3, 31));
            }
            default:
                return new PeriodBucket(unit, $"{day.Year:D4}", new DateOnly(day.Year, 1, 1), new DateOnly(day.Year, 12, 31));
        }
    }

    public PeriodBucket YearEarlier() => Of(Unit, Start.AddYears(-1));
}
