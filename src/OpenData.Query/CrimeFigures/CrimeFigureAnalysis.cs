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

    /// <summary>A month as crime_counts stores it: YYYYMM.</summary>
    internal static int Yyyymm(Month month) => month.Year * 100 + month.MonthOfYear;

    internal static Month FromYyyymm(int yyyymm) => new(yyyymm / 100, yyyymm % 100);

    private CountCatalogue? _catalogue;

    /// <summary>The store's <see cref="CountCatalogue"/>: the one held while the store is at the same release (one
    /// small statement to check), else read now. Kept only when the release did not change while it was read. (Not
    /// kept per context: contexts are pooled, so one outlives its request and a release.)</summary>
    internal async Task<CountCatalogue> CatalogueAsync(OpenDataDbContext db, CancellationToken cancellationToken)
    {
        var release = await LatestReleaseAsync(db, cancellationToken);
        if (release is not null && _catalogue is { } held && held.Release == release) return held;
        var loaded = await CountCatalogue.LoadAsync(db, release, cancellationToken);
        if (release is not null && await LatestReleaseAsync(db, cancellationToken) == release) _catalogue = loaded;
        return loaded;
    }

    private static Task<ReleaseInfo?> LatestReleaseAsync(OpenDataDbContext db, CancellationToken cancellationToken) =>
        ReleaseReader.ReadCurrentAsync(db, cancellationToken);

    /// <summary>The ward sets a ward belongs to: areas.boundary_sets, space-separated (a store without it: its one
    /// boundary_set). Shared with the point locator.</summary>
    internal static IReadOnlyList<string> SetsOf(string? boundarySets) =>
        boundarySets is null ? [] : boundarySets.Split(' ', StringSplitOptions.RemoveEmptyEntries);

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
        var catalogue = await CatalogueAsync(db, cancellationToken);
        // Resolved once per release and spelling: the key is the argument as it is matched (trimmed, lower case), so
        // the memo holds at most a few entries per category; a refused argument throws and is not kept.
        var key = (category?.Trim().ToLowerInvariant(), policeUk?.Trim().ToLowerInvariant());
        if (catalogue.Selections.TryGetValue(key, out var known)) return known;
        return catalogue.Selections.GetOrAdd(key, Resolve(catalogue, category, policeUk));
    }

    private static CategorySelection Resolve(CountCatalogue catalogue, string? category, string? policeUk)
    {
        var all = catalogue.Categories;
        var byId = catalogue.CategoriesById;
        // Ids are lower case; a client's Burglary or POLICE-UK-BURGLARY can only mean one of them (an exact match
        // comes first, should ids ever differ only in case).
        var byLowerId = all.GroupBy(c => c.Id.ToLowerInvariant(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var mpsMinors = all.Where(c => CategorySelection.IsMps(c.Scheme) && c.Level == "minor").ToList();
        var mpsSchemes = mpsMinors.Select(c => c.Scheme).ToHashSet(StringComparer.Ordinal);

        if (category is null && policeUk is null)
        {
            return Selection(null, mpsMinors.Select(c => c.Id).ToList()) with { TotalsKey = "police-uk-all-crime" };
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
            return Selection(police.Id, MappedTo(police, mpsMinors)) with { TotalsKey = police.Id };
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
        if (chosen.Scheme == "police-uk") return Selection(chosen.Id, MappedTo(chosen, mpsMinors)) with { TotalsKey = chosen.Id };
        if (!CategorySelection.IsMps(chosen.Scheme)) return Selection(chosen.Id, [chosen.Id]);

        string? ParentName(CategoryInfo c) => c.ParentId is not null && byId.TryGetValue(c.ParentId, out var p) ? p.Name : null;
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
            return new(requested, ids, schemes, policeUkPointer) { MissesSomeScheme = isMps && !mpsSchemes.IsSubsetOf(schemes), Catalogue = catalogue };
        }
        // The police.uk category an MPS category maps to, when all its namesakes agree: the way to ask across schemes.
        static string? Mapped(List<CategoryInfo> rows) =>
            rows.Select(c => c.PoliceUkId).Distinct().ToList() is [{ } only] ? only : null;

        static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        static List<string> MappedTo(CategoryInfo police, List<CategoryInfo> minors) =>
            police.Id == "police-uk-all-crime"
                ? minors.Select(c => c.Id).ToList()
                : minors.Where(c => c.PoliceUkId == police.Id).Select(c => c.Id).ToList();
    }

    /// <summary>
    /// One area's monthly series over [from, to] from the MPS monthly counts: every month in order with the sum of the
    /// current counts of the categories, what older downloads published for the same month and selection
    /// (revisions, one per download), the recorded coverage gaps inside the area's published coverage, and that
    /// coverage. A month without a figure for what was asked is never a 0: its value is null and
    /// <see cref="SeriesMonth.NullReason"/> says why (a recorded gap, not published for the area, or published only in
    /// a labelling scheme without the categories). A month published in the categories' scheme without a count of them
    /// is 0 (the download has no such offence there).
    /// <para>
    /// A ward counts every row filed for it, whichever reporting unit the MPS filed it under. A borough uses its own
    /// published counts for a month where there are any (basis <c>published</c>), else the sum of its wards' counts
    /// (basis <c>ward_sum</c>), wards of whichever boundary set the month's download uses. A police unit (the
    /// aviation command) counts the rows filed under it. Null when the area does not exist.
    /// </para>
    /// </summary>
    public async Task<CrimeSeries?> GetSeriesAsync(OpenDataDbContext db, string areaCode, Month? from, Month? to, CategorySelection categories, CancellationToken cancellationToken = default)
    {
        var catalogue = categories.Catalogue ?? await CatalogueAsync(db, cancellationToken);
        if (!catalogue.Areas.TryGetValue(areaCode, out var area)) return null;
        // A ward exists in some ward sets only: a download keyed to another set published no figures for it.
        var isWard = area.Type == "ward";
        var wardSets = area.Sets;
        var wards = catalogue.WardsOf[areaCode].Select(a => a.Number).ToList();
        var downloads = catalogue.Downloads;
        var byUnit = area.Type == "police_unit";
        var number = area.Number;

        // The counts of this area: its own (or, for a police unit, those filed under it) and its wards'.
        IQueryable<CrimeCount> Counts()
        {
            var counts = db.CrimeCounts.AsNoTracking();
            if (byUnit) return counts.Where(c => c.Unit == number);
            // A ward's series asks by equality: a list parameter looks long to the planner.
            return wards.Count == 0 ? counts.Where(c => c.Area == number) : counts.Where(c => c.Area == number || wards.Contains(c.Area));
        }

        // Which months the area has current counts in (of any category), and whose (its own, or its wards'): the
        // catalogue's months per area (count_totals of all crime), each month's current download of the family that
        // publishes them (a borough's own counts come from borough files); a police unit asks the counts by unit.
        // This gives the coverage and the default range.
        List<(int Month, int DownloadId, bool Own)> presence;
        if (byUnit)
        {
            presence = (await Counts().Where(c => c.IsCurrent).GroupBy(c => new { c.Month, c.DownloadId })
                    .Select(g => new { g.Key.Month, g.Key.DownloadId }).ToListAsync(cancellationToken))
                .Select(p => (p.Month, p.DownloadId, false)).ToList();
        }
        else
        {
            presence = [];
            void Add(int areaNumber, int family, bool own)
            {
                foreach (var month in catalogue.MonthsOf.GetValueOrDefault(areaNumber, []))
                {
                    if (downloads.Current(family, month) is { } current) presence.Add((month, current.Id, own));
                }
            }
            Add(number, area.Type == "borough" ? Download.BoroughFamily : Download.WardFamily, own: true);
            foreach (var ward in wards) Add(ward, Download.WardFamily, own: false);
        }
        var published = presence
            .Where(p => categories.Concerns(downloads[p.DownloadId].Scheme))
            .GroupBy(p => p.Month)
            .ToDictionary(g => g.Key, g =>
            {
                var own = !byUnit && g.Any(p => p.Own);
                return (Own: own, Downloads: g.Where(p => byUnit || p.Own == own).Select(p => p.DownloadId).Distinct().ToList());
            });
        var (first, last) = published.Count == 0 ? ((Month?)null, (Month?)null) : (FromYyyymm(published.Keys.Min()), FromYyyymm(published.Keys.Max()));
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
        int start = Yyyymm(from.Value), end = Yyyymm(to.Value);

        var firstDay = from.Value.FirstDay;
        var lastDay = to.Value.FirstDay;
        var recordedGaps = first is null || last is null ? [] : catalogue.Gaps
            .Where(m => m >= firstDay && m <= lastDay && Month.Of(m) >= first.Value && Month.Of(m) <= last.Value)
            .ToHashSet();

        // The sums per month, download and basis (every download, current or not): the current download's is the
        // month's value, the others' are what older downloads published (revisions).
        var numbers = catalogue.CategoryNumbers(categories.CategoryIds);
        var rows = new List<(int Month, int DownloadId, bool Own, long Value, int Figures)>();
        var self = CountReads.Number(number);
        var where = byUnit ? $"unit = {self}" : wards.Count == 0 ? $"area = {self}" : $"(area = {self} OR area IN {CountReads.List(wards)})";
        await CountReads.ReadAsync(db,
            $"SELECT month, download_id, CASE WHEN area = {self} THEN 1 ELSE 0 END, SUM(count), COUNT(*) FROM crime_counts " +
            $"WHERE {where} AND month >= {CountReads.Number(start)} AND month <= {CountReads.Number(end)} AND category IN {CountReads.List(numbers)} " +
            $"GROUP BY month, download_id, CASE WHEN area = {self} THEN 1 ELSE 0 END",
            r => rows.Add((r.GetInt32(0), r.GetInt32(1), r.GetInt64(2) == 1, r.GetInt64(3), (int)r.GetInt64(4))), cancellationToken);
        var sums = rows.ToLookup(x => x.Month);

        var months = new List<SeriesMonth>();
        var gaps = new List<string>();
        // Where the ward set of the months' current downloads changes inside the range (gap months skipped).
        var setChanges = new List<(string Month, string PreviousMonth, string FromSet, string ToSet)>();
        string? previousSet = null;
        string? previousMonth = null;
        for (var month = from.Value; month <= to.Value; month = month.Next())
        {
            var key = Yyyymm(month);
            if (first is not null && !byUnit && downloads.CurrentWard(key) is { WardSet: { } monthSet })
            {
                if (previousSet is not null && previousSet != monthSet) setChanges.Add((month.ToString(), previousMonth!, previousSet, monthSet));
                previousSet = monthSet;
                previousMonth = month.ToString();
            }
            if (!published.TryGetValue(key, out var status))
            {
                var gap = recordedGaps.Contains(month.FirstDay);
                if (gap) gaps.Add(month.ToString());
                // A ward's month published by a download keyed to another ward set: the ward's ground is there under
                // other codes (see the series' ward_set_changes), not missing.
                var otherSet = !gap && isWard && downloads.CurrentWard(key) is { WardSet: { } publishedSet } && !wardSets.Contains(publishedSet) ? downloads.CurrentWard(key) : null;
                months.Add(new SeriesMonth(month.ToString(), null, 0, null, gap ? NullReasons.Gap : otherSet is not null ? NullReasons.NotInWardSet : NullReasons.NotPublished,
                    false, [], otherSet?.File, otherSet?.WardSet));
                continue;
            }
            var current = downloads[status.Downloads.Max()];
            // Own figures win for the month; otherwise the wards' sum. Per download: the current one and the older ones.
            var used = sums[key].Where(x => byUnit || x.Own == status.Own).GroupBy(x => x.DownloadId)
                .ToDictionary(g => g.Key, g => (Value: (double)g.Sum(x => x.Value), Figures: g.Sum(x => x.Figures)));
            var value = used.TryGetValue(current.Id, out var now) ? now.Value : 0;
            // Published under labels without the categories: no value now (never a 0), so none to compare with.
            var inScheme = categories.PublishedIn(new HashSet<string> { current.Scheme });
            double? currentValue = inScheme ? value : null;
            var revisions = downloads.OlderCovering(current, key)
                .Where(d => used.ContainsKey(d.Id) || (categories.Concerns(d.Scheme) && (!isWard || d.WardSet is null || wardSets.Contains(d.WardSet))))
                .Select(d => new SeriesRevision(d.File, d.WardSet, used.TryGetValue(d.Id, out var then) ? then.Value : 0, currentValue, d.SourceId))
                .ToList();
            var revised = revisions.Any(r => r.Value != r.CurrentValue);
            if (!inScheme)
            {
                months.Add(new SeriesMonth(month.ToString(), null, 0, null, NullReasons.CategoryNotInScheme, revised, revisions, current.File, current.WardSet));
                continue;
            }
            months.Add(new SeriesMonth(month.ToString(), value, now.Figures, status.Own || byUnit || wards.Count == 0 ? Bases.Published : Bases.WardSum, null, revised, revisions,
                current.File, current.WardSet));
        }
        var wardSetChanges = new List<WardSetChange>();
        if (setChanges.Count > 0)
        {
            foreach (var c in setChanges)
            {
                wardSetChanges.Add(new WardSetChange(c.Month, c.PreviousMonth, c.FromSet, c.ToSet,
                    await catalogue.CodesInSetAsync(db, area, c.FromSet, cancellationToken), await catalogue.CodesInSetAsync(db, area, c.ToSet, cancellationToken)));
            }
        }
        var note = months.Any(m => m.NullReason == NullReasons.CategoryNotInScheme) ? categories.NotInSchemeNote() : null;
        long? population = catalogue.Populations.TryGetValue(areaCode, out var residents) ? residents : null;
        var withRates = months.Select(m => m with { RatePer1000 = Rate(m.Value, population).Rate }).ToList();
        return new CrimeSeries(area.Code, area.Name, area.Type, from.Value.ToString(), to.Value.ToString(), categories.Requested,
            categories.CategoryIds.Order(StringComparer.Ordinal).ToList(), withRates, gaps, coverage, note)
        {
            WardSetChanges = wardSetChanges,
            Population = population,
            RateNullReason = Rate(null, population).NullReason,
        };
    }

    /// <summary>
    /// Sums of current monthly counts grouped by the chosen keys, with year-on-year change when grouped by period: the
    /// same group a year earlier (looked up beyond <c>from</c> if need be), the change and the percent change. The
    /// change is given only when both periods have the same number of months published, so a partly published period
    /// is never compared with a whole one. Grouped by area, a count belongs to its ward (or, for a borough file, its
    /// borough); grouped by borough, to the ward's borough, on the same basis as a borough's series (its own published
    /// counts for a month where there are any, else its wards').
    /// </summary>
    public async Task<IReadOnlyList<AggregateRow>> AggregateAsync(OpenDataDbContext db, AggregateQuery query, CancellationToken cancellationToken = default)
    {
        var byArea = query.GroupBy.Contains(AggregateKey.Area);
        var byBorough = query.GroupBy.Contains(AggregateKey.Borough);
        var byCategory = query.GroupBy.Contains(AggregateKey.Category);
        var byPoliceUk = query.GroupBy.Contains(AggregateKey.PoliceUk);
        var byPeriod = query.GroupBy.Contains(AggregateKey.Period);
        if (query.Check(periodGiven: false) is { Count: > 0 } errors) throw new QueryException(errors);
        if (query.From is { } f0 && query.To is { } t0) CheckRange(f0, t0);
        if (query.AreaCodes is { Count: > 0 } codes && codes.Count > options.Value.MaxFilterTerms)
        {
            throw new QueryException(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.Areas),
                $"At most {options.Value.MaxFilterTerms} areas may be given."));
        }

        var catalogue = query.Categories?.Catalogue ?? await CatalogueAsync(db, cancellationToken);
        var areas = catalogue.Areas.Values;
        string CodeOf(int number) => catalogue.AreasByNumber[number].Code;
        string? BoroughOf(int number) => catalogue.AreasByNumber[number] is var a && a.Type == "ward" ? a.ParentCode : a.Code;
        // Rankings are London-wide when the sums come from count_totals (police.uk categories, all crime); split by MPS
        // category the counts are read area by area, so only the areas asked for are read and ranked among themselves.
        // London-wide, every area is summed and the areas asked for are picked out afterwards.
        var ranked = byArea || byBorough;
        var londonWide = ranked && !byCategory && (query.Categories is { } chosen ? chosen.TotalsKey : "police-uk-all-crime") is not null;
        var asked = query.AreaCodes is null ? null : areas.Where(a => query.AreaCodes.Contains(a.Code)
            || (a.ParentCode is not null && a.Type == "ward" && query.AreaCodes.Contains(a.ParentCode))).Select(a => a.Number).ToList();
        var subtotals = await Subtotals(db, catalogue, query, asked ?? [], asked is null || londonWide, options.Value.MaxAggregateRows + 1, cancellationToken);
        if (subtotals.Count > options.Value.MaxAggregateRows) throw TooLarge(options.Value.MaxAggregateRows);
        var policeUkOf = byPoliceUk || byCategory
            ? catalogue.CategoriesByNumber.ToDictionary(p => p.Key, p => (p.Value.Id, p.Value.PoliceUkId))
            : [];
        // A borough's own counts win for a month: its wards' sums for that month are dropped.
        var boroughOwnMonths = byBorough
            ? subtotals.Where(p => CodeOf(p.Area) == BoroughOf(p.Area)).Select(p => (BoroughOf(p.Area), p.Month)).ToHashSet()
            : [];
        var groups = new Dictionary<GroupKey, GroupTotals>();
        foreach (var part in subtotals)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? area = null;
            if (byBorough)
            {
                area = BoroughOf(part.Area);
                if (area is null) continue;
                var own = CodeOf(part.Area) == area;
                if (!own && boroughOwnMonths.Contains((area, part.Month))) continue;
            }
            else if (byArea) area = CodeOf(part.Area);
            var month = FromYyyymm(part.Month);
            var key = new GroupKey(
                area,
                byCategory ? policeUkOf[part.Category].Id : null,
                byPoliceUk ? (part.IsPoliceUk ? policeUkOf[part.Category].Id : policeUkOf[part.Category].PoliceUkId ?? "") : null,
                byPeriod ? PeriodBucket.Of(query.Period, month.FirstDay) : null);
            if (!groups.TryGetValue(key, out var totals)) groups.Add(key, totals = new GroupTotals());
            totals.Value += part.Value;
            totals.Figures += part.Figures;
            totals.Months.Add(month.FirstDay);
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
        if (ranked)
        {
            string? ParentOf(string code) => catalogue.Areas[code] is var a && a.Type == "ward" ? a.ParentCode : null;
            result = Ranked(result, code => catalogue.Areas[code].Name, ParentOf, catalogue.Populations);
            if (query.AreaCodes is { } wanted && londonWide)
            {
                var set = wanted.ToHashSet(StringComparer.Ordinal);
                result = result.Where(r => set.Contains(r.AreaCode!) || (ParentOf(r.AreaCode!) is { } parent && set.Contains(parent))).ToList();
            }
        }
        var ordered = result
            .OrderBy(r => r.AreaCode, StringComparer.Ordinal)
            .ThenBy(r => r.CategoryId, StringComparer.Ordinal)
            .ThenBy(r => r.PoliceUkId, StringComparer.Ordinal)
            .ThenBy(r => r.PeriodStart)
            .ToList();
        return query.Sort is { } sort ? Sorted(ordered, sort) : ordered;
    }

    /// <summary>Names, populations, rates per 1,000 residents and ranks (competition ranking: equal values share a
    /// rank) among the rows of the same category and period: by value, by rate, and for a ward within its borough.</summary>
    private static List<AggregateRow> Ranked(List<AggregateRow> rows, Func<string, string> nameOf, Func<string, string?> parentOf, IReadOnlyDictionary<string, long> populations)
    {
        var withRates = rows.Select(r =>
        {
            var (population, rate, reason) = Rate(r.Value, populations.TryGetValue(r.AreaCode!, out var p) ? p : null);
            return r with { AreaName = nameOf(r.AreaCode!), Population = population, RatePer1000 = rate, RateNullReason = reason };
        }).ToList();
        var rankOf = RankBy(withRates, r => (r.CategoryId, r.PoliceUkId, r.Period), r => r.Value);
        var rateRankOf = RankBy(withRates.Where(r => r.RatePer1000 is not null).ToList(), r => (r.CategoryId, r.PoliceUkId, r.Period), r => r.RatePer1000!.Value);
        var boroughRankOf = RankBy(withRates.Where(r => parentOf(r.AreaCode!) is not null).ToList(), r => (r.CategoryId, r.PoliceUkId, r.Period, parentOf(r.AreaCode!)), r => r.Value);
        return withRates.Select(r => r with
        {
            Rank = rankOf[r],
            RateRank = rateRankOf.TryGetValue(r, out var rr) ? rr : null,
            BoroughRank = boroughRankOf.TryGetValue(r, out var br) ? br : null,
        }).ToList();
    }

    private static Dictionary<AggregateRow, int> RankBy<TKey>(List<AggregateRow> rows, Func<AggregateRow, TKey> group, Func<AggregateRow, double> value)
    {
        var ranks = new Dictionary<AggregateRow, int>(ReferenceEqualityComparer.Instance);
        foreach (var members in rows.GroupBy(group))
        {
            var sorted = members.OrderByDescending(value).ToList();
            for (var i = 0; i < sorted.Count; i++)
            {
                ranks[sorted[i]] = i > 0 && value(sorted[i]) == value(sorted[i - 1]) ? ranks[sorted[i - 1]] : i + 1;
            }
        }
        return ranks;
    }

    /// <summary>The rows in the order asked for (nulls last either way), ties in key order.</summary>
    private static List<AggregateRow> Sorted(List<AggregateRow> rows, AggregateSort sort)
    {
        Func<AggregateRow, double?> key = sort.Field switch
        {
            AggregateSortField.Value => r => r.Value,
            AggregateSortField.RatePer1000 => r => r.RatePer1000,
            AggregateSortField.Change => r => r.Change,
            _ => r => r.ChangePercent,
        };
        var present = rows.Where(r => key(r) is not null);
        var sorted = sort.Descending ? present.OrderByDescending(r => key(r)) : present.OrderBy(r => key(r));
        return sorted.Concat(rows.Where(r => key(r) is null)).ToList();
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
        if (position is not null && query.Sort is not null)
        {
            // Sorted by a value: the row the position names, then the next (the whole aggregate is in memory anyway).
            var index = rows.ToList().FindIndex(r => AggregateCursor.Names(query, r, position));
            if (index < 0) throw new QueryException(QueryErrorKind.InvalidCursor, new QuerySubject(QueryInput.Cursor), "The cursor's row is no longer in the aggregate (a new data release changed it): start again from the first page.");
            start = index + 1;
        }
        else if (position is not null)
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
    /// The SQL of an aggregate: current counts of the categories over the months (a year more before <c>from</c> when
    /// grouping by period, for the year-on-year change), summed per area, category and month: one GROUP BY over the
    /// index of current counts, which holds every column it reads. Areas are filtered afterwards unless the query
    /// names some (<paramref name="allAreas"/> false: then only <paramref name="areaNumbers"/>).
    /// </summary>
    internal static async Task<List<CountSubtotal>> Subtotals(OpenDataDbContext db, CountCatalogue catalogue, AggregateQuery query, IReadOnlyList<int> areaNumbers, bool allAreas,
        int maxRows, CancellationToken cancellationToken)
    {
        var byCategory = query.GroupBy.Contains(AggregateKey.Category);
        var byPoliceUk = query.GroupBy.Contains(AggregateKey.PoliceUk);
        var totalsKey = query.Categories is { } chosen ? chosen.TotalsKey : "police-uk-all-crime";
        // Police.uk categories and all crime, not split by MPS category: count_totals has them summed already.
        if (!byCategory && totalsKey is not null)
        {
            var keys = catalogue.Categories.Where(c => c.Scheme == "police-uk").ToList();
            var numbers = byPoliceUk && totalsKey == "police-uk-all-crime"
                ? keys.Where(k => k.Id != totalsKey).Select(k => k.Number).ToList()
                : keys.Where(k => k.Id == totalsKey).Select(k => k.Number).ToList();
            // Grouped by borough and not by area, the boroughs' own totals (borough_totals), on their series' basis.
            if (query.GroupBy.Contains(AggregateKey.Borough) && !query.GroupBy.Contains(AggregateKey.Area))
            {
                return await BoroughTotalsAsync(db, query, numbers, maxRows, cancellationToken);
            }
            return await TotalsQuery(db, query, numbers, byPoliceUk, allAreas ? null : areaNumbers).Take(maxRows).ToListAsync(cancellationToken);
        }
        var categories = query.Categories is { } selection ? catalogue.CategoryNumbers(selection.CategoryIds) : null;
        // Area by area on the counts' index: every area with counts when none is named.
        var areas = allAreas ? catalogue.Areas.Values.Where(a => a.Type is "ward" or "borough").Select(a => a.Number).ToList() : areaNumbers;
        // Split by MPS category, the counts are read area by area: refuse before reading what would be refused after.
        // At most one download's categories (about 60 minor categories) are current in a month, and an area is a
        // ward of one of three sets, so a third of the areas have counts in any month.
        var months = query.From is { } first && query.To is { } last ? last.Index - first.Index + 1 + (query.GroupBy.Contains(AggregateKey.Period) ? 12 : 0) : 200;
        var estimate = (long)Math.Max(1, areas.Count / 3) * months * Math.Min(categories?.Count ?? 60, 60);
        if (estimate > maxRows) throw TooLarge(maxRows - 1);
        return await SubtotalQuery(db, query, categories, areas).Take(maxRows).ToListAsync(cancellationToken);
    }

    /// <summary>A value per 1,000 residents of a population (2 decimals), or why there is none: no value (its own
    /// null reason says why), or no population (<see cref="RateNullReasons.NoPopulation"/>).</summary>
    internal static (long? Population, double? Rate, string? NullReason) Rate(double? value, long? population) =>
        population is not > 0 ? (null, null, RateNullReasons.NoPopulation)
        : value is null ? (population, null, null)
        : (population, Math.Round(value.Value / population.Value * 1000, 2), null);

    private static QueryException TooLarge(int max) =>
        new(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.RangeStart),
            $"This aggregate would sum more than {max:N0} area-month-category subtotals: narrow it with from and to, a category or police.uk category, area codes, or fewer keys in group by (category splits every MPS category)."));

    /// <summary>The SQL of an aggregate of police.uk categories (or all crime): count_totals over the months, per area,
    /// month and (when grouped by police.uk category) category. Not grouped by category, the numbers are one category
    /// (the police.uk category asked for, or all crime), so each row is already an area's month.</summary>
    internal static IQueryable<CountSubtotal> TotalsQuery(OpenDataDbContext db, AggregateQuery query, IReadOnlyList<int> policeUkNumbers, bool byPoliceUk, IReadOnlyList<int>? areaNumbers)
    {
        var rows = db.CountTotals.AsNoTracking().Where(t => policeUkNumbers.Contains(t.PoliceUk));
        var (start, end) = TotalsRange(query);
        rows = rows.Where(t => t.Month >= start && t.Month <= end);
        if (areaNumbers is not null) rows = rows.Where(t => areaNumbers.Contains(t.Area));
        return rows.Select(t => new CountSubtotal { Area = t.Area, Category = t.PoliceUk, Month = t.Month, Value = t.Value, Figures = t.Figures, IsPoliceUk = byPoliceUk });
    }

    /// <summary>A borough aggregate of police.uk categories (or all crime): borough_totals over the months (at most
    /// <paramref name="maxRows"/>).</summary>
    internal static async Task<List<CountSubtotal>> BoroughTotalsAsync(OpenDataDbContext db, AggregateQuery query, IReadOnlyList<int> policeUkNumbers, int maxRows, CancellationToken cancellationToken)
    {
        var (start, end) = TotalsRange(query);
        var byPoliceUk = query.GroupBy.Contains(AggregateKey.PoliceUk);
        var rows = new List<CountSubtotal>();
        await CountReads.ReadAsync(db,
            $"SELECT borough, police_uk, month, value, figures FROM borough_totals WHERE police_uk IN {CountReads.List(policeUkNumbers)} " +
            $"AND month >= {CountReads.Number(start)} AND month <= {CountReads.Number(end)}",
            r =>
            {
                if (rows.Count < maxRows) rows.Add(new CountSubtotal { Area = r.GetInt32(0), Category = r.GetInt32(1), Month = r.GetInt32(2), Value = r.GetInt64(3), Figures = r.GetInt32(4), IsPoliceUk = byPoliceUk });
            }, cancellationToken);
        return rows;
    }

    /// <summary>The months (YYYYMM) an aggregate reads: from (a year earlier when grouping by period, for the
    /// year-on-year change) to to; all months when not given.</summary>
    private static (int Start, int End) TotalsRange(AggregateQuery query) => (
        query.From is { } from ? Yyyymm(query.GroupBy.Contains(AggregateKey.Period) ? from.AddMonths(-12) : from) : 0,
        query.To is { } to ? Yyyymm(to) : int.MaxValue);

    /// <summary>The SQL of <see cref="Subtotals"/>: null categories or areas mean all.</summary>
    internal static IQueryable<CountSubtotal> SubtotalQuery(OpenDataDbContext db, AggregateQuery query, IReadOnlyList<int>? categoryNumbers, IReadOnlyList<int>? areaNumbers)
    {
        var byCategory = query.GroupBy.Contains(AggregateKey.Category) || query.GroupBy.Contains(AggregateKey.PoliceUk);
        var rows = db.CrimeCounts.AsNoTracking().Where(c => c.IsCurrent);
        if (categoryNumbers is not null) rows = rows.Where(c => categoryNumbers.Contains(c.Category));
        if (query.From is { } from)
        {
            var start = Yyyymm(query.GroupBy.Contains(AggregateKey.Period) ? from.AddMonths(-12) : from);
            rows = rows.Where(c => c.Month >= start);
        }
        if (query.To is { } to)
        {
            var end = Yyyymm(to);
            rows = rows.Where(c => c.Month <= end);
        }
        if (areaNumbers is not null) rows = rows.Where(c => areaNumbers.Contains(c.Area));
        return byCategory
            ? rows.GroupBy(c => new { c.Area, c.Category, c.Month }).Select(g => new CountSubtotal { Area = g.Key.Area, Category = g.Key.Category, Month = g.Key.Month, Value = g.Sum(c => c.Count), Figures = g.Count() })
            : rows.GroupBy(c => new { c.Area, c.Month }).Select(g => new CountSubtotal { Area = g.Key.Area, Month = g.Key.Month, Value = g.Sum(c => c.Count), Figures = g.Count() });
    }

    /// <summary>Per ward of a boundary set: the sum of the current monthly counts of the categories over [from, to],
    /// with its polygon. A ward-month counts when the month's current download uses a ward set the ward belongs to,
    /// has counts for the ward and a labelling scheme of the categories (<c>Months</c>); a ward with none has a null
    /// value and a <see cref="MapWard.NullReason"/>, never a 0.</summary>
    public async Task<IReadOnlyList<MapWard>> MapAsync(OpenDataDbContext db, string boundarySet, Month from, Month to, CategorySelection categories, CancellationToken cancellationToken = default)
    {
        if (CheckBoundarySet(boundarySet) is { } wrongSet) throw new QueryException(wrongSet);
        CheckRange(from, to);
        var catalogue = categories.Catalogue ?? await CatalogueAsync(db, cancellationToken);
        var wards = await catalogue.WardShapesAsync(db, boundarySet, cancellationToken);
        var downloads = catalogue.Downloads;
        var numbers = catalogue.CategoryNumbers(categories.CategoryIds);
        var populations = catalogue.Populations;
        int start = Yyyymm(from), end = Yyyymm(to);
        var firstDay = from.FirstDay;
        var lastDay = to.FirstDay;
        var gapMonths = catalogue.Gaps.Count(g => g >= firstDay && g <= lastDay);
        var allGap = gapMonths == to.Index - from.Index + 1;
        // Per month of the range: the current ward download's ward set, and whether its labels have the categories.
        var currentByMonth = new Dictionary<int, (string? WardSet, bool InScheme)>();
        for (var month = from; month <= to; month = month.Next())
        {
            if (downloads.CurrentWard(Yyyymm(month)) is { } d) currentByMonth[Yyyymm(month)] = (d.WardSet, categories.PublishedIn(new HashSet<string> { d.Scheme }));
        }
        // A ward-month counts when its download uses a ward set holding the ward, the ward has counts that month (a
        // City of London ward has none: the MPS does not police it) and the download's labels have the categories.
        // Only these are summed, so a ward without figures is null with a reason, never 0.
        static bool InSet(WardShape ward, (string? WardSet, bool InScheme) month) => month.WardSet is { } set && ward.Sets.Contains(set);
        bool Published(WardShape ward, int month) => Array.BinarySearch(catalogue.MonthsOf.GetValueOrDefault(ward.Number, []), month) >= 0;
        bool Counted(WardShape ward, int month) =>
            currentByMonth.TryGetValue(month, out var m) && m.InScheme && InSet(ward, m) && Published(ward, month);

        var index = new Dictionary<int, int>(wards.Count);
        for (var i = 0; i < wards.Count; i++) index[wards[i].Number] = i;
        var values = new long[wards.Count];
        var figures = new int[wards.Count];
        // A police.uk category (or all crime) is summed already per ward and month (count_totals); MPS categories are
        // summed ward by ward from the counts.
        int? totalsNumber = categories.TotalsKey is { } key && catalogue.CategoriesById.TryGetValue(key, out var totalsCategory) ? totalsCategory.Number : null;
        void Add(int area, int month, long value, int count)
        {
            if (!index.TryGetValue(area, out var i) || !Counted(wards[i], month)) return;
            values[i] += value;
            figures[i] += count;
        }
        if (totalsNumber is { } n)
        {
            // Summed per ward in SQL over the months whose labels have the categories: a ward has a count_totals row
            // in a month only where the month's download published it, under a ward set holding its code, so every
            // row of those months counts (some 700 rows read instead of 8,000 for a year).
            var months = currentByMonth.Where(p => p.Value.InScheme).Select(p => p.Key).ToList();
            await CountReads.ReadAsync(db,
                $"SELECT area, SUM(value), SUM(figures) FROM count_totals WHERE police_uk = {CountReads.Number(n)} AND month IN {CountReads.List(months)} GROUP BY area",
                r =>
                {
                    if (!index.TryGetValue(r.GetInt32(0), out var i)) return;
                    values[i] += r.GetInt64(1);
                    figures[i] += (int)r.GetInt64(2);
                }, cancellationToken);
        }
        else
        {
            await foreach (var row in MapSubtotals(db, numbers, start, end, wards.Select(w => w.Number).ToList()).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                Add(row.Area, row.Month, row.Value, row.Figures);
            }
        }
        var result = new List<MapWard>(wards.Count);
        for (var i = 0; i < wards.Count; i++)
        {
            var w = wards[i];
            int inSet = 0, published = 0, months = 0;
            foreach (var (month, info) in currentByMonth)
            {
                if (!InSet(w, info)) continue;
                inSet++;
                if (!Published(w, month)) continue;
                published++;
                if (info.InScheme) months++;
            }
            string? reason = months > 0 ? null
                : published > 0 ? NullReasons.CategoryNotInScheme
                : inSet > 0 ? NullReasons.NotPublished
                : currentByMonth.Count > 0 ? NullReasons.NotInWardSet
                : allGap ? NullReasons.Gap
                : NullReasons.NotPublished;
            double? value = months == 0 ? null : values[i];
            var (population, rate, rateReason) = Rate(value, populations.TryGetValue(w.Code, out var p) ? p : (long?)null);
            result.Add(new MapWard(w.Code, w.Name, boundarySet, value, figures[i], months, reason, w.Geometry)
            {
                Population = population, RatePer1000 = rate, RateNullReason = rateReason, GeometryUtf8 = w.GeometryUtf8,
            });
        }
        return result;
    }

    /// <summary>The ward sets a map can be drawn on: the areas dataset's boundary sets.</summary>
    public static IReadOnlyList<string> MapBoundarySets => AreaDto.Dataset.FindField("boundary_set")!.AllowedValues!;

    /// <summary>An error when <paramref name="boundarySet"/> is not a ward set of <see cref="MapBoundarySets"/>, else null.</summary>
    public static QueryError? CheckBoundarySet(string boundarySet) => MapBoundarySets.Contains(boundarySet)
        ? null
        : new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.BoundarySet), $"'{boundarySet}' is not one of {string.Join(", ", MapBoundarySets)}.") { Value = boundarySet };

    /// <summary>The SQL of a map: per ward and month, the sum and number of current counts of the categories.</summary>
    internal static IQueryable<CountSubtotal> MapSubtotals(OpenDataDbContext db, IReadOnlyList<int> categoryNumbers, int start, int end, IReadOnlyList<int>? areaNumbers = null) =>
        db.CrimeCounts.AsNoTracking()
            .Where(c => (areaNumbers == null || areaNumbers.Contains(c.Area)) && c.IsCurrent && categoryNumbers.Contains(c.Category) && c.Month >= start && c.Month <= end)
            .GroupBy(c => new { c.Area, c.Month })
            .Select(g => new CountSubtotal { Area = g.Key.Area, Month = g.Key.Month, Value = g.Sum(c => c.Count), Figures = g.Count() });

    /// <summary>Every download with its coverage, and the months they cover as a whole (see <see cref="DownloadCatalogue"/>).</summary>
    public async Task<DownloadCatalogue> GetDownloadsAsync(OpenDataDbContext db, CancellationToken cancellationToken = default)
    {
        var downloads = await db.Downloads.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var gaps = (await db.CoverageGaps.AsNoTracking().Select(g => g.Month).Distinct().ToListAsync(cancellationToken))
            .Order().Select(m => Month.Of(m).ToString()).ToList();
        var summaries = downloads.Select(d =>
        {
            var ranges = new List<SeriesCoverage>();
            Month? start = null, end = null;
            for (var month = FromYyyymm(d.FirstMonth); month <= FromYyyymm(d.LastMonth); month = month.Next())
            {
                var current = downloads.Where(o => o.Family == d.Family && o.FirstMonth <= Yyyymm(month) && Yyyymm(month) <= o.LastMonth).MaxBy(o => o.Id)!;
                if (current.Id == d.Id)
                {
                    start ??= month;
                    end = month;
                }
                else if (start is not null)
                {
                    ranges.Add(new SeriesCoverage(start.Value.ToString(), end!.Value.ToString()));
                    start = end = null;
                }
            }
            if (start is not null) ranges.Add(new SeriesCoverage(start.Value.ToString(), end!.Value.ToString()));
            var totals = System.Text.Json.JsonSerializer.Deserialize<long[]>(d.MonthlyTotals) ?? [];
            var monthly = totals.Select((t, i) => new MonthTotal(FromYyyymm(d.FirstMonth).AddMonths(i).ToString(), t)).ToList();
            return new DownloadSummary(d.File, d.SourceId, d.Family == 0 ? "ward" : "borough", FromYyyymm(d.FirstMonth).ToString(), FromYyyymm(d.LastMonth).ToString(),
                d.WardSet, d.Scheme, d.Rows, d.Counts, d.Total, d.Sha256, ranges, monthly);
        }).ToList();
        var latest = downloads.Count == 0 ? null : FromYyyymm(downloads.Max(d => d.LastMonth)).ToString();
        var coverage = downloads.Count == 0 ? null : new SeriesCoverage(FromYyyymm(downloads.Min(d => d.FirstMonth)).ToString(), latest!);
        return new DownloadCatalogue(latest, coverage, gaps, summaries);
    }

    private static void CheckRange(Month from, Month to)
    {
        var end = new QuerySubject(QueryInput.RangeEnd);
        if (to < from) throw new QueryException(new QueryError(QueryErrorKind.InvalidParameter, end, $"The last month ({to}) is before the first ({from}).") { Value = to.ToString() });
        if (to.Index - from.Index >= MaxMonths) throw new QueryException(new QueryError(QueryErrorKind.InvalidParameter, end, $"A range may cover at most {MaxMonths} months.") { Value = to.ToString() });
    }


    private sealed record GroupKey(string? Area, string? Category, string? PoliceUk, PeriodBucket? Period);

    private sealed class GroupTotals
    {
        public double Value;
        public int Figures;
        public readonly HashSet<DateOnly> Months = [];
    }
}

/// <summary>One SQL group of an aggregate or map: area and category numbers (category 0 when not grouped by), the
/// month (YYYYMM), and the sum and number of counts.</summary>
internal sealed class CountSubtotal
{
    public int Area { get; init; }
    public int Category { get; init; }
    public int Month { get; init; }
    public long Value { get; init; }
    public int Figures { get; init; }
    /// <summary>True when <see cref="Category"/> is the number of a police.uk category (a count_totals row).</summary>
    public bool IsPoliceUk { get; init; }
}

/// <summary>The downloads of the store, by id: which is current for a month, and which older ones covered it.</summary>
internal sealed class DownloadIndex(IReadOnlyList<Download> downloads)
{
    private readonly Dictionary<int, Download> _byId = downloads.ToDictionary(d => d.Id);

    public Download this[int id] => _byId[id];

    private readonly Dictionary<(int Family, int Month), Download> _current = downloads
        .SelectMany(d => MonthsOf(d).Select(m => (Key: (d.Family, m), Download: d)))
        .GroupBy(p => p.Key)
        .ToDictionary(g => g.Key, g => g.MaxBy(p => p.Download.Id).Download);

    /// <summary>The newest download of a family covering a month (YYYYMM), or null: the one whose counts of the month
    /// are current.</summary>
    public Download? Current(int family, int month) => _current.GetValueOrDefault((family, month));

    /// <summary>The newest ward download covering a month (YYYYMM), or null.</summary>
    public Download? CurrentWard(int month) => Current(Download.WardFamily, month);

    private static IEnumerable<int> MonthsOf(Download d)
    {
        for (var m = CrimeFigureAnalysis.FromYyyymm(d.FirstMonth); CrimeFigureAnalysis.Yyyymm(m) <= d.LastMonth; m = m.Next()) yield return CrimeFigureAnalysis.Yyyymm(m);
    }

    /// <summary>Older downloads of the same family that covered the month, newest first.</summary>
    public IEnumerable<Download> OlderCovering(Download current, int month) =>
        downloads.Where(d => d.Family == current.Family && d.Id < current.Id && d.FirstMonth <= month && month <= d.LastMonth).OrderByDescending(d => d.Id);
}

/// <summary>Where an area's series moves from one ward boundary set to the next (each download keys its months to the
/// wards in force when it was produced): the first month in the new set, the last month in the old one, both sets, and
/// the codes on either side: for a borough its wards of each set; for a ward its own code where a set holds it,
/// otherwise the wards of that set whose polygons cover its ground (<see cref="WardLineage"/>; no apportionment).</summary>
public sealed record WardSetChange(string Month, string PreviousMonth, string FromSet, string ToSet, IReadOnlyList<string> CodesBefore, IReadOnlyList<string> CodesAfter);

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

    /// <summary>The police.uk category whose count_totals equal the sum of these categories (police-uk-all-crime for
    /// every category), or null when the selection is not a police.uk category.</summary>
    public string? TotalsKey { get; init; }

    /// <summary>The catalogue the categories were resolved against: the question that follows reads the same one, so
    /// a request checks the release once.</summary>
    internal CountCatalogue? Catalogue { get; init; }

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
    /// <summary>The months are published, under the codes of another ward boundary set than the ward's (the ward did
    /// not exist when those downloads were produced, or had been replaced).</summary>
    public const string NotInWardSet = "not_in_ward_set";
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
    IReadOnlyList<SeriesMonth> Months, IReadOnlyList<string> Gaps, SeriesCoverage? Coverage, string? Note)
{
    /// <summary>Months where the series moves to another ward boundary set (the codes of the ward set in force when
    /// each download was produced).</summary>
    public IReadOnlyList<WardSetChange> WardSetChanges { get; init; } = [];

    /// <summary>Census 2021 usual residents of the area, the denominator of the months' rates; null when it has none,
    /// with <see cref="RateNullReason"/>.</summary>
    public long? Population { get; init; }
    public string? RateNullReason { get; init; }
}

/// <summary>The first and last month (YYYY-MM) with published figures for the area.</summary>
public sealed record SeriesCoverage(string From, string To);

/// <summary>One month of a series: <c>Value</c> null when the month has no figure for what was asked (never 0), with
/// <c>NullReason</c> saying why: gap (a recorded coverage gap), not_published (no figure for the area that month) or
/// category_not_in_scheme (published under another MPS labelling scheme than the categories'); <c>Figures</c> how
/// many current figures were summed; <c>Basis</c> what kind of number the value is: published (the area's own
/// figures) or ward_sum (the sum of its wards' figures), null with the value; <c>Revised</c> true when an older
/// download published a different value for one of the figures.</summary>
public sealed record SeriesMonth(string Month, double? Value, int Figures, string? Basis, string? NullReason, bool Revised, IReadOnlyList<SeriesRevision> Revisions,
    string? Download, string? WardSet)
{
    /// <summary>Value per 1,000 Census 2021 residents of the area (2 decimals); null with the value, or when the area has
    /// no population (the series' <c>RateNullReason</c>).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("rate_per_1000")]
    public double? RatePer1000 { get; init; }
}

/// <summary>What an older download published for the same month and selection (<c>Value</c>: the sum of its counts)
/// next to the month's value now (<c>CurrentValue</c>; equal when the newer download republished the same counts).
/// <c>WardSet</c>: the ward set that download used, which may differ from the current one's.</summary>
public sealed record SeriesRevision(string Download, string? WardSet, double Value, double? CurrentValue, string SourceId);

public enum AggregateKey
{
    Area,
    Borough,
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
    /// <summary>Only these areas: a ward, a borough (its own counts and its wards'), or null for all.</summary>
    public IReadOnlyList<string>? AreaCodes { get; init; }
    /// <summary>Row order; null for key order.</summary>
    public AggregateSort? Sort { get; init; }
    /// <summary>Only these categories (from <c>category</c>/<c>police_uk</c>), or all.</summary>
    public CategorySelection? Categories { get; init; }

    /// <summary>
    /// What cannot be asked together, whatever the front door's syntax: area and borough both, a sort by a measure
    /// the grouping does not give, an empty list of areas, a period length without periods
    /// (<paramref name="periodGiven"/>: the front door was given one, as <see cref="Period"/> has a default).
    /// Every front door checks here, so REST and GraphQL refuse the same questions with the same words.
    /// </summary>
    public List<QueryError> Check(bool periodGiven)
    {
        var errors = new List<QueryError>();
        var byArea = GroupBy.Contains(AggregateKey.Area) || GroupBy.Contains(AggregateKey.Borough);
        if (GroupBy.Count == 0)
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.Grouping), "Give at least one key to group by (area or borough, category, police.uk category, period)."));
        }
        else if (GroupBy.Contains(AggregateKey.Area) && GroupBy.Contains(AggregateKey.Borough))
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.Grouping),
                "Group by area or by borough, not both: area is each ward (or a borough's own published counts), borough sums them per borough."));
        }
        if (Sort is { Field: AggregateSortField.RatePer1000 } && !byArea)
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.RowOrder), "A rate per 1,000 residents needs areas: group by area or borough."));
        }
        else if (Sort is { Field: AggregateSortField.Change or AggregateSortField.ChangePercent } && !GroupBy.Contains(AggregateKey.Period))
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.RowOrder), "The change and the percent change need periods: group by period."));
        }
        if (AreaCodes is { Count: 0 })
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.Areas), "No area given: give a ward or borough code, or several."));
        }
        if (periodGiven && !GroupBy.Contains(AggregateKey.Period))
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.PeriodLength), "A period length applies when grouping by period (add period to the grouping)."));
        }
        return errors;
    }
}

/// <summary>One group of an aggregate. Keys not grouped by are null. <c>Months</c>: months with figures in the
/// group; the year-on-year fields are null unless grouped by period.</summary>
public sealed record AggregateRow(
    string? AreaCode, string? CategoryId, string? PoliceUkId,
    string? Period, DateOnly? PeriodStart, DateOnly? PeriodEnd,
    double Value, int Months, int Figures,
    double? PreviousValue, int? PreviousMonths, double? Change, double? ChangePercent)
{
    /// <summary>Grouped by area or borough: the area's name.</summary>
    public string? AreaName { get; init; }
    /// <summary>Census 2021 usual residents of the area, when the area has one (wards of the 2022 set, boroughs).</summary>
    public long? Population { get; init; }
    /// <summary>Value per 1,000 residents (2 decimals); null when the area has no population, with <see cref="RateNullReason"/>.</summary>
    public double? RatePer1000 { get; init; }
    public string? RateNullReason { get; init; }
    /// <summary>1 for the highest value among the rows of the same category and period (London-wide).</summary>
    public int? Rank { get; init; }
    /// <summary>As <see cref="Rank"/>, by rate per 1,000 among the rows that have one.</summary>
    public int? RateRank { get; init; }
    /// <summary>For a ward: its rank by value among the wards of its borough.</summary>
    public int? BoroughRank { get; init; }
}

/// <summary>Why a row has no rate per 1,000 residents.</summary>
public static class RateNullReasons
{
    /// <summary>The area has no Census 2021 population in the store (a ward of the 2014 or 2018 set: Census 2021 is
    /// published for the 2022 wards; the aviation unit).</summary>
    public const string NoPopulation = "no_population";
}

public enum AggregateSortField
{
    Value,
    RatePer1000,
    Change,
    ChangePercent,
}

/// <summary>The order of an aggregate's rows other than key order.</summary>
public sealed record AggregateSort(AggregateSortField Field, bool Descending);

/// <summary>A ward on the crime map: <c>Months</c> the months of the range with a value for the categories;
/// <c>Value</c> null when there are none, with <c>NullReason</c> saying why (the values of <see cref="NullReasons"/>).</summary>
public sealed record MapWard(string Code, string Name, string BoundarySet, double? Value, int Figures, int Months, string? NullReason, string? Geometry)
{
    /// <summary>Census 2021 usual residents of the ward; null when it has none (wards of the 2014 and 2018 sets).</summary>
    public long? Population { get; init; }
    /// <summary>Value per 1,000 residents (2 decimals); null with the value or without a population (<see cref="RateNullReason"/>).</summary>
    public double? RatePer1000 { get; init; }
    public string? RateNullReason { get; init; }
    /// <summary><see cref="Geometry"/> as UTF-8, encoded once per data release: a response writes it as it is.</summary>
    public byte[]? GeometryUtf8 { get; init; }
}

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

/// <summary>The MPS downloads the store holds and what they cover: the latest month with figures, the recorded gaps,
/// and per download its coverage, ward set, labelling scheme, size, total and the months it is the current source for.</summary>
public sealed record DownloadCatalogue(string? LatestMonth, SeriesCoverage? Coverage, IReadOnlyList<string> Gaps, IReadOnlyList<DownloadSummary> Downloads);

/// <summary>One download: <c>CurrentMonths</c> the ranges of months for which it is the newest of its family
/// (ward files or borough files), so its counts are the current ones; the other months it covers are revised by newer
/// downloads.</summary>
public sealed record DownloadSummary(
    string File, string SourceId, string Kind, string FirstMonth, string LastMonth, string? WardSet, string Scheme,
    int Rows, long Counts, long Total, string Sha256, IReadOnlyList<SeriesCoverage> CurrentMonths, IReadOnlyList<MonthTotal> MonthlyTotals);

/// <summary>The sum of a download's counts for one month (YYYY-MM): London's total as that download published it.</summary>
public sealed record MonthTotal(string Month, long Total);
