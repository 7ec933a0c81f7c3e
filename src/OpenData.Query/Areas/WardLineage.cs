using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace OpenData.Query;

/// <summary>
/// Which wards of one boundary set cover the ground of a ward of another: the codes that came before or after it
/// when the ward set changed, from the wards' polygons (no apportionment of counts: only which codes, and how much of
/// the ward each covers).
/// <para>
/// The polygons of different sets are different editions (GLA full detail for 2014 and 2018, ONS generalised and
/// clipped to the coast for 2022), so unchanged boundaries do not coincide exactly: a ward counts when the overlap is
/// at least <see cref="MinimumShare"/> of the smaller of the two, which leaves out the slivers along shared edges.
/// </para>
/// </summary>
public static class WardLineage
{
    /// <summary>Share of the smaller ward an overlap must cover to count (slivers from different editions are
    /// well under 1%; a real change moves whole streets).</summary>
    public const double MinimumShare = 0.05;

    private static readonly GeometryFactory Factory = new();
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory(Factory) } };

    /// <summary>The candidates whose polygons overlap the ward's, with the share of the ward each covers, largest
    /// first. Wards without a polygon are left out.</summary>
    public static IReadOnlyList<WardOverlap> Overlapping(string wardGeoJson, IEnumerable<(string Code, string? GeoJson)> candidates)
    {
        var ward = Read(wardGeoJson);
        if (ward is null || ward.Area <= 0) return [];
        var result = new List<WardOverlap>();
        foreach (var (code, json) in candidates)
        {
            if (json is null || Read(json) is not { } other || other.Area <= 0) continue;
            if (!ward.EnvelopeInternal.Intersects(other.EnvelopeInternal)) continue;
            double overlap;
            try
            {
                overlap = ward.Intersection(other).Area;
            }
            catch (TopologyException)
            {
                // A polygon published with a self-intersection (two K&C wards of 2014): repair it and try again.
                overlap = ward.Buffer(0).Intersection(other.Buffer(0)).Area;
            }
            if (overlap / Math.Min(ward.Area, other.Area) >= MinimumShare) result.Add(new WardOverlap(code, Math.Round(overlap / ward.Area, 3)));
        }
        return result.OrderByDescending(o => o.ShareOfWard).ThenBy(o => o.Code, StringComparer.Ordinal).ToList();
    }

    private static Geometry? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Geometry>(json, GeoJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A ward of another set overlapping a ward: its code and the share (0-1) of the ward it covers.</summary>
public sealed record WardOverlap(string Code, double ShareOfWard);
