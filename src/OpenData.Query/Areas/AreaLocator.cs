using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.IO.Converters;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>Which ward of a boundary set contains a point: the set looked in, and the ward's code (null: none).</summary>
public sealed record WardLocation(string BoundarySet, double Lat, double Lon, string? WardCode);

/// <summary>
/// Point to ward: the ward of a boundary set whose polygon contains a WGS84 point, like data.police.uk's
/// locate-neighbourhood. The polygons are read from the store once per data release and kept as a
/// <see cref="WardIndex"/>; a re-import while serving is seen by the first lookup after it, which builds the new
/// release's index and drops the old one (one index at a time, whatever the number of releases).
/// </summary>
public sealed class AreaLocator
{
    // One reference, swapped whole: a lookup uses the index it read, old or new, never half of each.
    private volatile KeyedIndex? _current;
    private readonly SemaphoreSlim _building = new(1, 1);

    private sealed record KeyedIndex(ReleaseInfo Release, WardIndex Index);

    /// <summary>The ward boundary sets (datapackage.json's closed set of areas.boundary_set).</summary>
    public static IReadOnlyList<string> BoundarySets => AreaDto.Dataset.FindField("boundary_set")!.AllowedValues!;

    /// <summary>
    /// The errors in a point and boundary set, each under its input: a latitude outside -90..90, a longitude outside
    /// -180..180 (or either not a finite number), a boundary set outside the closed set.
    /// </summary>
    public static List<QueryError> Check(double lat, double lon, string? boundarySet)
    {
        var errors = new List<QueryError>();
        if (!double.IsFinite(lat) || lat < -90 || lat > 90)
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.Latitude),
                $"A latitude is WGS84 degrees from -90 to 90; {Format(lat)} is not.") { Value = lat });
        }
        if (!double.IsFinite(lon) || lon < -180 || lon > 180)
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.Longitude),
                $"A longitude is WGS84 degrees from -180 to 180; {Format(lon)} is not.") { Value = lon });
        }
        if (boundarySet is not null && !BoundarySets.Contains(boundarySet))
        {
            errors.Add(new QueryError(QueryErrorKind.InvalidParameter, new QuerySubject(QueryInput.BoundarySet),
                $"'{boundarySet}' is not a ward boundary set: {string.Join(" or ", BoundarySets)} (default: the newest set with polygons).") { Value = boundarySet });
        }
        return errors;
    }

    /// <summary>
    /// The ward of <paramref name="boundarySet"/> (default: the newest set with polygons in the release, see
    /// <see cref="WardIndex.NewestBoundarySet"/>) that contains the point, as of <paramref name="release"/> (the
    /// store's current release). Throws <see cref="QueryException"/> for the errors of <see cref="Check"/>.
    /// </summary>
    public async Task<WardLocation> LocateAsync(OpenDataDbContext db, ReleaseInfo release, double lat, double lon, string? boundarySet,
        CancellationToken cancellationToken = default)
    {
        var errors = Check(lat, lon, boundarySet);
        if (errors.Count > 0) throw new QueryException(errors);
        var index = await GetIndexAsync(db, release, cancellationToken);
        var set = boundarySet ?? index.NewestBoundarySet ?? BoundarySets[^1];
        return new WardLocation(set, lat, lon, index.Locate(lat, lon, set));
    }

    /// <summary>The index of <paramref name="release"/>: the one held when it is that release's, else built now.</summary>
    public async Task<WardIndex> GetIndexAsync(OpenDataDbContext db, ReleaseInfo release, CancellationToken cancellationToken = default)
    {
        // The whole record is compared: a store rebuilt from nothing reuses release ids.
        if (_current is { } held && held.Release == release) return held.Index;
        await _building.WaitAsync(cancellationToken);
        try
        {
            // Another request may have built it while this one waited.
            if (_current is { } built && built.Release == release) return built.Index;
            var index = WardIndex.Build(await ReadWardsAsync(db, cancellationToken));
            // Kept only when the store still holds that release: a re-import between reading the release and the
            // polygons would otherwise file the new polygons under the old release (the next lookup rebuilds).
            var now = await db.Releases.AsNoTracking().OrderByDescending(r => r.Id)
                .Select(r => new ReleaseInfo(r.Id, r.ImportedAt, r.ContentHash, r.SourceLastModified))
                .FirstOrDefaultAsync(cancellationToken);
            if (now == release) _current = new KeyedIndex(release, index);
            return index;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>Every ward with a polygon, as the store holds it, under every boundary set that holds its code.</summary>
    public static async Task<List<WardPolygon>> ReadWardsAsync(OpenDataDbContext db, CancellationToken cancellationToken = default) =>
        (await db.Areas.AsNoTracking()
            .Where(a => a.Type == "ward" && a.BoundarySet != null && a.Geometry != null)
            .Select(a => new { a.Code, a.BoundarySet, a.BoundarySets, a.Geometry })
            .ToListAsync(cancellationToken))
        .Select(a => new WardPolygon(a.Code, CrimeFigureAnalysis.SetsOf(a.BoundarySets ?? a.BoundarySet), a.Geometry!))
        .ToList();

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A ward polygon as published (GeoJSON geometry text, WGS84) and the boundary sets that hold its code: one
/// area, drawn with one polygon (the newest set's), is found in each of them.</summary>
public sealed record WardPolygon(string Code, IReadOnlyList<string> BoundarySets, string GeoJson);

/// <summary>
/// The ward polygons of one release, ready for point lookups: per boundary set an STR-tree of the polygons'
/// envelopes over prepared geometries, so a lookup tests only the few wards whose box holds the point, each
/// with an indexed point-in-polygon test (logarithmic in its vertices) rather than a walk of every edge.
/// Immutable once built; safe for concurrent lookups (a prepared polygon builds its point locator on first use,
/// under its own lock).
/// </summary>
public sealed class WardIndex
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory(Factory) } };

    private readonly Dictionary<string, STRtree<Ward>> _trees;

    private sealed record Ward(string Code, IPreparedGeometry Polygon);

    private WardIndex(Dictionary<string, STRtree<Ward>> trees, string? newest, int count)
    {
        _trees = trees;
        NewestBoundarySet = newest;
        Count = count;
    }

    /// <summary>The newest boundary set with polygons (the last of <see cref="AreaLocator.BoundarySets"/>, the order
    /// of areas.boundary_set's closed set; a set outside it ranks below them, by name), the default of a lookup;
    /// null when no ward has a polygon.</summary>
    public string? NewestBoundarySet { get; }

    /// <summary>Wards indexed, over all boundary sets.</summary>
    public int Count { get; }

    /// <summary>Builds the index. A polygon that is not GeoJSON (the import checks it is) fails loudly.</summary>
    public static WardIndex Build(IEnumerable<WardPolygon> wards)
    {
        var trees = new Dictionary<string, STRtree<Ward>>(StringComparer.Ordinal);
        var count = 0;
        foreach (var ward in wards)
        {
            var geometry = JsonSerializer.Deserialize<Geometry>(ward.GeoJson, GeoJson)
                ?? throw new InvalidOperationException($"Ward {ward.Code} has an empty geometry.");
            var prepared = new Ward(ward.Code, PreparedGeometryFactory.Prepare(geometry));
            foreach (var set in ward.BoundarySets)
            {
                if (!trees.TryGetValue(set, out var tree)) trees[set] = tree = new STRtree<Ward>();
                tree.Insert(geometry.EnvelopeInternal, prepared);
            }
            count++;
        }
        // Built now, not on the first query, so no lookup pays for it (and the tree is read-only from here on).
        foreach (var tree in trees.Values) tree.Build();
        var rank = AreaLocator.BoundarySets.Select((set, i) => (set, i)).ToDictionary(p => p.set, p => p.i, StringComparer.Ordinal);
        var newestSet = trees.Keys
            .OrderByDescending(set => rank.GetValueOrDefault(set, -1))
            .ThenByDescending(set => set, StringComparer.Ordinal)
            .FirstOrDefault();
        return new WardIndex(trees, newestSet, count);
    }

    /// <summary>
    /// The code of the ward of <paramref name="boundarySet"/> that contains the point (WGS84 degrees), or null. A
    /// point on the line between two wards is in both (their polygons cover it): the lower code is answered, so the
    /// answer does not depend on the order of the rows.
    /// </summary>
    public string? Locate(double lat, double lon, string boundarySet)
    {
        if (!_trees.TryGetValue(boundarySet, out var tree)) return null;
        var point = Factory.CreatePoint(new Coordinate(lon, lat));
        string? found = null;
        foreach (var ward in tree.Query(point.EnvelopeInternal))
        {
            if ((found is null || string.CompareOrdinal(ward.Code, found) < 0) && ward.Polygon.Covers(point)) found = ward.Code;
        }
        return found;
    }
}
