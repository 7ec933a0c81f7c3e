using Microsoft.EntityFrameworkCore;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>
/// What every question of the monthly counts reads besides the counts themselves, read once per data release: the
/// downloads, the offence categories with their numbers, the areas (without polygons) with their numbers, wards and
/// sets, the Census populations and the recorded gap months. A few thousand small rows; a series then costs one or
/// two statements over the counts instead of nine.
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
    /// <summary>Recorded gap months, as first days.</summary>
    public required IReadOnlySet<DateOnly> Gaps { get; init; }

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
            Gaps = gaps,
        };
    }
}

/// <summary>An offence category as the counts' questions need it.</summary>
internal sealed record CategoryInfo(string Id, int Number, string Scheme, string Level, string Name, string? ParentId, string? PoliceUkId);

/// <summary>An area as the counts' questions need it: <c>Sets</c> every ward set holding its code.</summary>
internal sealed record AreaInfo(string Code, int Number, string Name, string Type, string? ParentCode, string? BoundarySet, string? BoundarySets)
{
    public IReadOnlyList<string> Sets { get; } = CrimeFigureAnalysis.SetsOf(BoundarySets ?? BoundarySet);
}
