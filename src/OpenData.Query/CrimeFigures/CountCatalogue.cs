using Microsoft.EntityFrameworkCore;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>
/// What every question of the monthly counts reads besides the counts themselves, read once per data release: the
/// downloads, the offence categories with their numbers, the areas (without polygons) with their numbers, wards and
/// sets, the Census populations, the recorded gap months, and the months each area has counts in (its all-crime
/// count_totals rows: 55,797 area-month pairs for the seven downloads); a series then costs one statement over the
/// counts instead of nine. Filled on first use and kept with the release: each ward set's polygons (for the map and
/// the codes either side of a ward-set change) and the resolved category arguments.
/// </summary>
internal sealed class CountCatalogue
{
    public required ReleaseInfo? Release { get; init; }
    public required DownloadIndex Downloads { get; init; }
    public required IReadOnlyList<CategoryInfo> Categories { get; init; }
    public required IReadOnlyDictionary<string, CategoryInfo> CategoriesById { get; init; }
    public required IReadOnlyDictionary<int, CategoryInfo> CategoriesByNumber { get; init; }
    public required IReadOnlyDictionary<string, AreaInfo> Areas { get; init; }
    public required IReadOnlyDictionary<int, AreaInfo> AreasByNumber { get; init; }
    public required ILookup<string, AreaInfo> WardsOf { get; init; }
    public required IReadOnlyDictionary<string, long> Populations { get; init; }
    /// <summary>Per area number, the months (YYYYMM, ascending) it has current counts in, of any category: its
    /// count_totals rows of police-uk-all-crime. An area without counts (the City of London and its wards) is absent.</summary>
    public required IReadOnlyDictionary<int, int[]> MonthsOf { get; init; }
    /// <summary>Recorded gap months, as first days.</summary>
    public required IReadOnlySet<DateOnly> Gaps { get; init; }

    /// <summary>The categories a (category, police_uk) argument pair stands for, by the pair as matched (trimmed, lower
    /// case): filled by <see cref="CrimeFigureAnalysis.ResolveCategoriesAsync"/> with the pairs it resolved.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(string? Category, string? PoliceUk), CategorySelection> Selections { get; } = new();

    // The polygons of each ward set's wards, read on the first map of the set (the closed set of boundary sets bounds
    // it: some 4 MB of GeoJSON for the three London sets), so a map reads numbers, not polygons.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<WardShape>> _shapes = new(StringComparer.Ordinal);

    /// <summary>Every ward whose code a ward set holds (areas.boundary_sets, not only the wards the set introduced), in
    /// code order, with its polygon.</summary>
    public async Task<IReadOnlyList<WardShape>> WardShapesAsync(OpenDataDbContext db, string boundarySet, CancellationToken cancellationToken)
    {
        if (_shapes.TryGetValue(boundarySet, out var held)) return held;
        var padded = " " + boundarySet + " ";
        var shapes = (await db.Areas.AsNoTracking()
                .Where(a => a.Type == "ward" && (a.BoundarySet == boundarySet || (" " + a.BoundarySets + " ").Contains(padded)))
                .OrderBy(a => a.Code)
                .Select(a => new { a.Code, a.Geometry })
                .ToListAsync(cancellationToken))
            .Select(a => new WardShape(Areas[a.Code], a.Geometry))
            .ToList();
        return _shapes.GetOrAdd(boundarySet, shapes);
    }

    // The codes of an area's ground in each ward set, computed on first use: at most one list per area and set.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Code, string Set), IReadOnlyList<string>> _codesInSet = new();

    /// <summary>The codes a ward set has for an area's ground: a borough's wards of the set; a ward's own code where
    /// the set holds it, else the set's wards of its borough whose polygons cover its ground (<see cref="WardLineage"/>;
    /// no apportionment).</summary>
    public async Task<IReadOnlyList<string>> CodesInSetAsync(OpenDataDbContext db, AreaInfo area, string set, CancellationToken cancellationToken)
    {
        if (_codesInSet.TryGetValue((area.Code, set), out var held)) return held;
        var isWard = area.Type == "ward";
        IReadOnlyList<string> codes;
        if (isWard && area.Sets.Contains(set)) codes = [area.Code];
        else
        {
            var parent = isWard ? area.ParentCode : area.Code;
            var inSet = (await WardShapesAsync(db, set, cancellationToken)).Where(w => w.Area.ParentCode == parent).ToList();
            if (!isWard) codes = inSet.Select(w => w.Code).Order(StringComparer.Ordinal).ToList();
            else
            {
                var own = area.Sets.Count == 0 ? null : (await WardShapesAsync(db, area.Sets[^1], cancellationToken)).FirstOrDefault(w => w.Code == area.Code);
                codes = own?.Geometry is null ? [] : WardLineage.Overlapping(own.Geometry, inSet.Select(n => (n.Code, n.Geometry))).Select(o => o.Code).ToList();
            }
        }
        return _codesInSet.GetOrAdd((area.Code, set), codes);
    }

    public IReadOnlyList<int> CategoryNumbers(IEnumerable<string> ids) =>
        ids.Select(id => CategoriesById.TryGetValue(id, out var c) ? c.Number : -1).Where(n => n >= 0).ToList();

    public static async Task<CountCatalogue> LoadAsync(OpenDataDbContext db, ReleaseInfo? release, CancellationToken cancellationToken)
    {
        var downloads = await db.Downloads.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var categories = await db.OffenceCategories.AsNoTracking()
            .Select(c => new CategoryInfo(c.Id, c.Number, c.Scheme, c.Level, c.Name, c.ParentId, c.PoliceUkId))
            .ToListAsync(cancellationToken);
        var areas = await db.Areas.AsNoTracking()
            .Select(a => new AreaInfo(a.Code, a.Number, a.Name, a.Type, a.ParentCode, a.BoundarySet, a.BoundarySets))
            .ToListAsync(cancellationToken);
        var populations = await db.Populations.AsNoTracking().ToDictionaryAsync(p => p.AreaCode, p => p.Population, StringComparer.Ordinal, cancellationToken);
        var allCrime = categories.FirstOrDefault(c => c.Id == "police-uk-all-crime")?.Number;
        var monthsOf = allCrime is { } all
            ? (await db.CountTotals.AsNoTracking().Where(t => t.PoliceUk == all).Select(t => new { t.Area, t.Month }).ToListAsync(cancellationToken))
                .GroupBy(t => t.Area).ToDictionary(g => g.Key, g => g.Select(t => t.Month).Order().ToArray())
            : [];
        var gaps = (await db.CoverageGaps.AsNoTracking().Select(g => g.Month).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        return new CountCatalogue
        {
            Release = release,
            Downloads = new DownloadIndex(downloads),
            Categories = categories,
            CategoriesById = categories.ToDictionary(c => c.Id, StringComparer.Ordinal),
            // Test stores built without the import leave numbers 0: keep the first of each.
            CategoriesByNumber = categories.GroupBy(c => c.Number).ToDictionary(g => g.Key, g => g.First()),
            Areas = areas.ToDictionary(a => a.Code, StringComparer.Ordinal),
            AreasByNumber = areas.GroupBy(a => a.Number).ToDictionary(g => g.Key, g => g.First()),
            WardsOf = areas.Where(a => a.Type == "ward" && a.ParentCode is not null).ToLookup(a => a.ParentCode!, StringComparer.Ordinal),
            Populations = populations,
            MonthsOf = monthsOf,
            Gaps = gaps,
        };
    }
}

/// <summary>A ward and its polygon (GeoJSON geometry as the import wrote it), also as UTF-8, as a response writes it.</summary>
internal sealed record WardShape(AreaInfo Area, string? Geometry)
{
    public byte[]? GeometryUtf8 { get; } = Geometry is null ? null : System.Text.Encoding.UTF8.GetBytes(Geometry);
    public string Code => Area.Code;
    public int Number => Area.Number;
    public string Name => Area.Name;
    public IReadOnlyList<string> Sets => Area.Sets;
}

/// <summary>An offence category as the counts' questions need it.</summary>
internal sealed record CategoryInfo(string Id, int Number, string Scheme, string Level, string Name, string? ParentId, string? PoliceUkId);

/// <summary>An area as the counts' questions need it: <c>Sets</c> every ward set holding its code.</summary>
internal sealed record AreaInfo(string Code, int Number, string Name, string Type, string? ParentCode, string? BoundarySet, string? BoundarySets)
{
    public IReadOnlyList<string> Sets { get; } = CrimeFigureAnalysis.SetsOf(BoundarySets ?? BoundarySet);
}
