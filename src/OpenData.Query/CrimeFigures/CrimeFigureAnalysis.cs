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
/// <param name="options">The query layer's limits: an aggregate's filter is held to the same term limits as every read.</param>
public sealed class CrimeFigureAnalysis(Microsoft.Extensions.Options.IOptions<QueryOptions> options)
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
            throw new QueryException(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.PoliceUkCategory), "An offence category and a police.uk category cannot be given together.")
            {
                Value = policeUk,
                ConflictsWith = new QuerySubject(QueryInput.OffenceCategory),
            });
        }
        var all = await db.OffenceCategories.AsNoTracking()
            .Select(c => new CategoryRow(c.Id, c.Scheme, c.Level, c.Name, c.ParentId, c.PoliceUkId))
            .ToListAsync(cancellationToken);
        var byId = all.ToDictionary(c => c.Id, StringComparer.Ordinal);
        // Ids are lower case; a client's Burglary or POLICE-UK-BURGLARY can only mean one of them (an exact match
        // comes first, should ids ever differ only in case).
        var byLowerId = all.GroupBy(c => c.Id.ToLowerInvariant(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var mpsMinors = all.Where(c => CategorySelection.IsMps(c.Scheme) && c.Level == "minor").ToList();
        var mpsSchemes = mpsMinors.Select(c => c.Scheme).ToHashSet(StringComparer.Ordinal);

        if (category is null && policeUk is null)
        {
            return Selection(null, mpsMinors.Select(c => c.Id).ToList());
        }
        if (policeUk is not null)
        {
            var lower = policeUk.Trim().ToLowerInvariant();
            var id = lower.StartsWith("police-uk-", StringComparison.Ordinal) ? lower : "police-uk-" + lower;
            if (!byLowerId.TryGetValue(id, out var police) || police.Scheme != "police-uk")
            {
                var policeUkIds = all.Where(c => c.Scheme == "police-uk").Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
                throw new QueryException(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.PoliceUkCategory),
                    $"'{policeUk}' is not a police.uk category: {ClosestName.DidYouMean(id, policeUkIds) ?? $"one of {string.Join(", ", policeUkIds.Select(i => i["police-uk-".Length..]))}."}")
                {
                    Value = policeUk,
                });
            }
            return Selection(police.Id, MappedTo(police, mpsMinors));
        }

        if (!byId.TryGetValue(category!, out var chosen) && !byLowerId.TryGetValue(category!.Trim().ToLowerInvariant(), out chosen))
        {
            var suggestion = ClosestName.DidYouMean(category!.ToLowerInvariant(), all.Select(c => c.Id).ToList());
            throw new QueryException(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.OffenceCategory),
                $"'{category}' is not an offence category id{(suggestion is null ? " (the offence categories dataset lists them)." : ": " + suggestion)}")
            {
                Value = category,
            });
        }
        if (chosen.Scheme == "police-uk") return Selection(chosen.Id, MappedTo(chosen, mpsMinors));
        if (!CategorySelection.IsMps(chosen.Scheme)) return Selection(chosen.Id, [chosen.Id]);

        string? ParentName(CategoryRow c) => c.ParentId is not null && byId.TryGetValue(c.ParentId, out var p) ? p.Name : null;
        var mps = all.Where(c => CategorySelection.IsMps(c.Scheme)).ToList();
        if (chosen.Level == "major")
        {
            var majors = mps.Where(c => c.Level == "major" && Same(c.Name, chosen.Name)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var minors = mpsMinors.Where(c => c.ParentId is not null && majors.Contains(c.ParentId)).ToList();
            return Selection(chosen.Id, minors.Select(c => c.Id).ToList(), Mapped(minors));
        }
        var parentName = ParentName(chosen);
        var namesakes = mps.Where(c => c.Level == chosen.Level && Same(c.Name, chosen.Name) && Same(ParentName(c), parentName)).ToList();
        return Selection(chosen.Id, namesakes.Select(c => c.Id).ToList(), Mapped(namesakes));

        // The schemes the categories belong to decide which months can have a value for them (see GetSeriesAsync).
        CategorySelection Selection(string? requested, List<string> ids, string? policeUkPointer = null)
        {
            var schemes = ids.Select(i => byId[i].Scheme).ToHashSet(StringComparer.Ordinal);
            var isMps = schemes.Count == 0 || schemes.All(CategorySelection.IsMps);
            return new(requested, ids, schemes, policeUkPointer) { MissesSomeScheme = isMps && !mpsSchemes.IsSubsetOf(schemes) };
        }
        // The police.uk category an MPS category maps to, when all its namesakes agree: the way to ask across schemes.
        static string? Mapped(List<CategoryRow> rows) =>
            rows.Select(c => c.PoliceUkId).Distinct().ToList() is [{ } only] ? only : null;

        static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        static List<string> MappedTo(CategoryRow police, List<CategoryRow> minors) =>
            police.Id == "police-uk-all-crime"
                ? minors.Select(c => c.Id).ToList()
                : minors.Where(c => c.PoliceUkId == police.Id).Select(c => c.Id).ToList();
    }

    /// <summary>
    /// One area's monthly series over [from, to]: every month in order with the sum of the current figures of the
    /// categories, the superseded values of those figures (revisions), the recorded coverage gaps inside the area's
    /// published coverage, and that coverage (first and last month with figures). A month without a figure for what
    /// was asked is never a 0: its value is null and <see cref="SeriesMonth.NullReason"/> says why — a recorded gap,
    /// not published for the area, or published only in a labelling scheme without the categories (a Title Case
    /// category after the switch to UPPER CASE: its older Title Case values stay visible as revisions). A month
    /// published in the categories' scheme without a figure of them is 0 (the download has no such offence there).
    /// An area with wards (the borough) uses its own figures for a month where there are any (basis
    /// <c>published</c>), else the sum of its wards' figures (basis <c>ward_sum</c>). Null when the area does not exist.
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
        // Per month with figures: whose figures are current (the area's own or its wards') and in which labelling
        // schemes, counting only the kind of figures asked about (MPS counts for an MPS or police.uk category, a
        // document's figures for a document category): a document's one-off count is no MPS month. One small
        // DISTINCT over the area's whole history, which also gives its coverage (and the default range).
        var published = (await counts.Where(f => f.IsCurrent)
                .Join(db.OffenceCategories, f => f.CategoryId, c => c.Id, (f, c) => new { f.PeriodStart, f.PeriodEnd, Own = f.AreaCode == areaCode, c.Scheme })
                .Distinct().ToListAsync(cancellationToken))
            .Where(x => IsMonth(x.PeriodStart, x.PeriodEnd) && categories.Concerns(x.Scheme))
            .GroupBy(x => x.PeriodStart)
            .ToDictionary(g => g.Key, g =>
            {
                var own = g.Any(x => x.Own);
                return (Own: own, Schemes: g.Where(x => x.Own == own).Select(x => x.Scheme).ToHashSet(StringComparer.Ordinal));
            });
        var (first, last) = published.Count == 0 ? ((Month?)null, (Month?)null) : (Month.Of(published.Keys.Min()), Month.Of(published.Keys.Max()));
        var coverage = first is null ? null : new SeriesCoverage(first.Value.ToString(), last!.Value.ToString());
        if (from is null || to is null)
        {
            if (first is null || last is null)
            {
                throw new QueryException(QueryErrorKind.InvalidParameter, new QuerySubject(from is null ? QueryInput.RangeStart : QueryInput.RangeEnd),
                    $"{areaCode} has no monthly figures to take a default range from: give the first and last month (YYYY-MM).");
            }
            from ??= first;
            to ??= last;
        }
        CheckRange(from.Value, to.Value);
        var start = from.Value.FirstDay;
        var end = to.Value.FirstDay;
        var inRange = counts.Where(f => f.PeriodStart >= start && f.PeriodStart <= end);

        // Recorded gaps count only inside the area's coverage: before its first or after its last month the area
        // simply has no figures (not yet published, or the ward did not exist).
        var recordedGaps = first is null || last is null ? [] : (await db.CoverageGaps.AsNoTracking()
                .Where(g => g.Month >= start && g.Month <= end).Select(g => g.Month).Distinct().ToListAsync(cancellationToken))
            .Where(m => Month.Of(m) >= first.Value && Month.Of(m) <= last.Value)
            .ToHashSet();
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
            if (!published.TryGetValue(day, out var status))
            {
                var gap = recordedGaps.Contains(day);
                if (gap) gaps.Add(month.ToString());
                months.Add(new SeriesMonth(month.ToString(), null, 0, null, gap ? NullReasons.Gap : NullReasons.NotPublished, false, []));
                continue;
            }
            var own = status.Own;
            // Own figures win for the month; otherwise the wards' sum.
            var used = byMonth[day].Where(f => own ? f.AreaCode == areaCode : f.AreaCode != areaCode).ToList();
            var current = used.Where(f => f.IsCurrent).ToList();
            var currentValue = current.GroupBy(f => (f.AreaCode, f.CategoryId)).ToDictionary(g => g.Key, g => g.Sum(f => f.Value));
            var revisions = used.Where(f => !f.IsCurrent)
                .OrderBy(f => f.AreaCode, StringComparer.Ordinal).ThenBy(f => f.CategoryId, StringComparer.Ordinal).ThenBy(f => f.Id, StringComparer.Ordinal)
                .Select(f => new SeriesRevision(f.Id, f.AreaCode, f.CategoryId, f.Value,
                    currentValue.TryGetValue((f.AreaCode, f.CategoryId), out var now) ? now : null, f.SupersededBy, f.SourceId, f.Locator))
                .ToList();
            var revised = revisions.Any(r => r.CurrentValue != r.Value);
            if (!categories.PublishedIn(status.Schemes))
            {
                months.Add(new SeriesMonth(month.ToString(), null, 0, null, NullReasons.CategoryNotInScheme, revised, revisions));
                continue;
            }
            months.Add(new SeriesMonth(month.ToString(), current.Sum(f => f.Value), current.Count, own ? Bases.Published : Bases.WardSum, null, revised, revisions));
        }
        var note = months.Any(m => m.NullReason == NullReasons.CategoryNotInScheme) ? categories.NotInSchemeNote() : null;
        return new CrimeSeries(area.Code, area.Name, area.Type, from.Value.ToString(), to.Value.ToString(), categories.Requested,
            categories.CategoryIds.Order(StringComparer.Ordinal).ToList(), months, gaps, coverage, note);
    }

    /// <summary>
    /// Sums of current monthly count figures grouped by the chosen keys, with year-on-year change when grouped by
    /// period: the same group a year earlier (looked up beyond <c>from</c> if need be), the change and the percent
    /// change. The change is given only when both periods have the same number of months published, so a partly
    /// published period is never compared with a whole one.
    /// </summary>
    public async Task<IReadOnlyList<AggregateRow>> AggregateAsync(OpenDataDbContext db, AggregateQuery query, CancellationToken cancellationToken = default)
    {
        FilterLimits.Check(query.Filter, options.Value);
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
            cancellationToken.ThrowIfCancellationRequested();
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
            cancellationToken.ThrowIfCancellationRequested();
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
    /// One page of <see cref="AggregateAsync"/>: at most <paramref name="limit"/> rows after the position
    /// <paramref name="after"/> (a cursor from <see cref="AggregatePage.EndCursor"/>; null for the first page), and the
    /// number of rows of the whole aggregate when <paramref name="includeTotal"/>. A bad cursor is a
    /// <see cref="QueryException"/> (kind InvalidCursor) before anything is read.
    /// The aggregate is computed whole for each page (a period's year-on-year change needs the year before, which
    /// may be on another page); what a page holds, and sends, is bounded by the limit.
    /// </summary>
    public async Task<AggregatePage> AggregatePageAsync(OpenDataDbContext db, AggregateQuery query, int limit, string? after, bool includeTotal,
        CancellationToken cancellationToken = default)
    {
        var position = after is null ? null : AggregateCursor.Decode(query, after);
        var rows = await AggregateAsync(db, query, cancellationToken);
        var start = 0;
        if (position is not null)
        {
            // Rows are in key order: the first row after the position, by bisection.
            var (low, high) = (0, rows.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (AggregateCursor.IsAfter(query, rows[middle], position)) high = middle;
                else low = middle + 1;
            }
            start = low;
        }
        var count = (int)Math.Min(limit, rows.Count - start);
        // A page of every row (a CSV export) is the aggregate itself, not a second copy of it.
        IReadOnlyList<AggregateRow> page = start == 0 && count == rows.Count ? rows : rows.Skip(start).Take(count).ToList();
        return new AggregatePage(page, page.Count == 0 ? null : AggregateCursor.Encode(query, page[^1]), start + count < rows.Count,
            includeTotal ? rows.Count : null);
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
    /// [from, to], with its polygon. As in a series, only months published in a labelling scheme of the categories
    /// count (<c>Months</c>); a ward with none has a null value and a <see cref="MapWard.NullReason"/>, never a 0.</summary>
    public async Task<IReadOnlyList<MapWard>> MapAsync(OpenDataDbContext db, string boundarySet, Month from, Month to, CategorySelection categories, CancellationToken cancellationToken = default)
    {
        CheckRange(from, to);
        var wards = await db.Areas.AsNoTracking()
            // Every ward whose code the set holds (boundary_sets), not only those the set introduced (boundary_set).
            .Where(a => a.Type == "ward" && (a.BoundarySet == boundarySet || (" " + a.BoundarySets + " ").Contains(" " + boundarySet + " ")))
            .OrderBy(a => a.Code)
            .Select(a => new { a.Code, a.Name, BoundarySet = (string?)boundarySet, a.Geometry })
            .ToListAsync(cancellationToken);
        var subtotals = (await MapSubtotals(db, wards.Select(w => w.Code).ToList(), from, to, categories).ToListAsync(cancellationToken))
            .Where(s => IsMonth(s.PeriodStart, s.PeriodEnd) && categories.Concerns(s.Scheme!))
            .ToLookup(s => s.AreaCode);
        // A range entirely inside recorded gaps says so; otherwise a ward without figures is simply not published.
        var start = from.FirstDay;
        var end = to.FirstDay;
        var gapMonths = await db.CoverageGaps.AsNoTracking().Where(g => g.Month >= start && g.Month <= end).Select(g => g.Month).Distinct().CountAsync(cancellationToken);
        var allGap = gapMonths == to.Index - from.Index + 1;
        return wards.Select(w =>
        {
            var byMonth = subtotals[w.Code].GroupBy(p => p.PeriodStart).ToList();
            var counted = byMonth
                .Where(m => categories.PublishedIn(m.Select(p => p.Scheme!).ToHashSet(StringComparer.Ordinal)))
                .SelectMany(m => m).ToList();
            var months = counted.Select(p => p.PeriodStart).Distinct().Count();
            string? reason = months > 0 ? null
                : byMonth.Count > 0 ? NullReasons.CategoryNotInScheme
                : allGap ? NullReasons.Gap
                : NullReasons.NotPublished;
            return new MapWard(w.Code, w.Name, w.BoundarySet!, months == 0 ? null : counted.Sum(p => p.Value), counted.Sum(p => p.Figures), months, reason, w.Geometry);
        }).ToList();
    }

    /// <summary>
    /// The SQL of a map: per area, period and labelling scheme (one GROUP BY over the figures joined to their
    /// categories), the sum and number of current count figures of the categories; periods where the area has
    /// figures of other categories only come back with 0, so the scheme published that month is known.
    /// </summary>
    internal static IQueryable<AggregateSubtotal> MapSubtotals(OpenDataDbContext db, IReadOnlyList<string> areaCodes, Month from, Month to, CategorySelection categories)
    {
        var ids = categories.CategoryIds;
        var start = from.FirstDay;
        var end = to.FirstDay;
        return Counts(db)
            .Where(f => f.IsCurrent && areaCodes.Contains(f.AreaCode) && f.PeriodStart >= start && f.PeriodStart <= end)
            .Join(db.OffenceCategories, f => f.CategoryId, c => c.Id, (f, c) => new { f.AreaCode, f.PeriodStart, f.PeriodEnd, f.CategoryId, f.Value, c.Scheme })
            .GroupBy(f => new { f.AreaCode, f.PeriodStart, f.PeriodEnd, f.Scheme })
            .Select(g => new AggregateSubtotal
            {
                AreaCode = g.Key.AreaCode,
                PeriodStart = g.Key.PeriodStart,
                PeriodEnd = g.Key.PeriodEnd,
                Scheme = g.Key.Scheme,
                Value = g.Sum(f => ids.Contains(f.CategoryId) ? f.Value : 0),
                Figures = g.Count(f => ids.Contains(f.CategoryId)),
            });
    }

    private static void CheckRange(Month from, Month to)
    {
        var end = new QuerySubject(QueryInput.RangeEnd);
        if (to < from) throw new QueryException(new QueryError(QueryErrorKind.InvalidParameter, end, $"The last month ({to}) is before the first ({from}).") { Value = to.ToString() });
        if (to.Index - from.Index >= MaxMonths) throw new QueryException(new QueryError(QueryErrorKind.InvalidParameter, end, $"A range may cover at most {MaxMonths} months.") { Value = to.ToString() });
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
    /// <summary>The labelling scheme of the group's categories (maps only).</summary>
    public string? Scheme { get; init; }
    public double Value { get; init; }
    public int Figures { get; init; }
}

/// <summary>The categories a series, aggregate or map sums: what was asked for, the ids it stands for, the labelling
/// schemes of those ids (null: not restricted), and for an MPS category the police.uk category all its namesakes map
/// to (the way to ask across every scheme).</summary>
public sealed record CategorySelection(string? Requested, IReadOnlyList<string> CategoryIds, IReadOnlySet<string>? Schemes = null, string? PoliceUk = null)
{
    /// <summary>Whether a month whose current figures are in these schemes can have a value for the categories: only
    /// when one of them is a scheme of the categories. Otherwise the month was published under other labels, and a
    /// sum of none of them would be a false 0.</summary>
    public bool PublishedIn(IReadOnlySet<string> schemes) => Schemes is null || schemes.Overlaps(Schemes);

    /// <summary>Whether figures of a scheme are of the kind asked about: any MPS scheme for MPS categories (a
    /// police.uk category stands for MPS ones), a document category's own scheme for it. Other figures (a
    /// document's one-off monthly count, when MPS crime is asked for) neither publish a month nor hide one.</summary>
    public bool Concerns(string scheme) =>
        Schemes is null || (Schemes.Count == 0 ? IsMps(scheme) : Schemes.Any(s => s == scheme || IsMps(s) && IsMps(scheme)));

    /// <summary>Whether a labelling scheme is one of the MPS's (mps-title-case, mps-upper-case, ...).</summary>
    internal static bool IsMps(string scheme) => scheme.StartsWith("mps-", StringComparison.Ordinal);

    /// <summary>True when the categories are MPS categories missing from some MPS labelling scheme, so months
    /// published under that scheme can have no value for them.</summary>
    public bool MissesSomeScheme { get; init; }

    /// <summary>Says why some months or wards have no value for the categories, and how to ask across schemes
    /// (in the data's terms: both front doors serve the same note, so it names no parameter or field of either).</summary>
    public string NotInSchemeNote()
    {
        if (Schemes is { Count: 0 }) return $"{Requested} stands for no MPS category: no month has a value for it (reason category_not_in_scheme).";
        var schemes = Schemes is null ? "" : string.Join(", ", Schemes.Order(StringComparer.Ordinal));
        var pointer = PoliceUk is not null
            ? $"The police.uk category {PoliceUk} spans every labelling scheme"
            : "A police.uk category (scheme police-uk) spans every labelling scheme";
        return $"{Requested ?? "The categories"} exists only in the {schemes} labelling scheme(s): months published under other labels have no value for it (value null, reason category_not_in_scheme; a series lists its older values under those months' revisions). {pointer}.";
    }
}

/// <summary>Why a month (or a ward on the map) has no value: the values of <c>null_reason</c>.</summary>
public static class NullReasons
{
    /// <summary>A recorded coverage gap inside the area's published coverage: no download covers the month.</summary>
    public const string Gap = "gap";
    /// <summary>No figure for the area that month: outside its published coverage (before the first download, not yet
    /// published, the ward not in use) or between sources that do not meet.</summary>
    public const string NotPublished = "not_published";
    /// <summary>Published, but only in a labelling scheme without the categories asked for (e.g. a Title Case
    /// category for a month whose current download uses UPPER CASE labels).</summary>
    public const string CategoryNotInScheme = "category_not_in_scheme";
}

/// <summary>What kind of number a month's value is: the values of <c>basis</c>.</summary>
public static class Bases
{
    /// <summary>The area's own published figures (a ward's counts, or the borough's published totals).</summary>
    public const string Published = "published";
    /// <summary>The sum of the area's wards' figures (the borough in months without published borough totals).</summary>
    public const string WardSum = "ward_sum";
}

/// <summary>A calendar month, written <c>YYYY-MM</c>.</summary>
public readonly record struct Month(int Year, int MonthOfYear) : IComparable<Month>
{
    public int Index => Year * 12 + MonthOfYear - 1;
    public DateOnly FirstDay => new(Year, MonthOfYear, 1);
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

/// <summary>A series: <c>Gaps</c> the recorded coverage gaps (months no download covers) inside the area's
/// <c>Coverage</c> (first and last month with figures; null when none); <c>Note</c> set when some month has no value
/// because the categories are not in the labelling scheme published that month.</summary>
public sealed record CrimeSeries(
    string AreaCode, string AreaName, string AreaType, string From, string To,
    string? Category, IReadOnlyList<string> CategoryIds,
    IReadOnlyList<SeriesMonth> Months, IReadOnlyList<string> Gaps, SeriesCoverage? Coverage, string? Note);

/// <summary>The first and last month (YYYY-MM) with published figures for the area.</summary>
public sealed record SeriesCoverage(string From, string To);

/// <summary>One month of a series: <c>Value</c> null when the month has no figure for what was asked (never 0), with
/// <c>NullReason</c> saying why: gap (a recorded coverage gap), not_published (no figure for the area that month) or
/// category_not_in_scheme (published under another MPS labelling scheme than the categories'); <c>Figures</c> how
/// many current figures were summed; <c>Basis</c> what kind of number the value is: published (the area's own
/// figures) or ward_sum (the sum of its wards' figures), null with the value; <c>Revised</c> true when an older
/// download published a different value for one of the figures.</summary>
public sealed record SeriesMonth(string Month, double? Value, int Figures, string? Basis, string? NullReason, bool Revised, IReadOnlyList<SeriesRevision> Revisions);

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

/// <summary>A ward on the crime map: <c>Months</c> the months of the range with a value for the categories;
/// <c>Value</c> null when there are none, with <c>NullReason</c> saying why (the values of <see cref="NullReasons"/>).</summary>
public sealed record MapWard(string Code, string Name, string BoundarySet, double? Value, int Figures, int Months, string? NullReason, string? Geometry);

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
