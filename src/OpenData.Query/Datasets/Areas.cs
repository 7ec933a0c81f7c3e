using OpenData.Store;

namespace OpenData.Query;

/// <summary>A borough, force area, county, ward (of one boundary set) or other named place. The polygon is not a
/// field: it is served as GeoJSON (the boundary route, or <c>format=geojson</c>).</summary>
public sealed class AreaDto
{
    /// <summary>GSS code where one exists (E05…, E09…); otherwise a slug beginning `kc-` or `kent-`.</summary>
    /// <example>E05009388</example>
    public required string Code { get; init; }

    /// <summary>Name as used by its publisher (for wards, the GLA/ONS name).</summary>
    /// <example>Abingdon</example>
    public required string Name { get; init; }

    /// <summary>Kind of area.</summary>
    /// <example>ward</example>
    public required string Type { get; init; }

    /// <summary>Code of the area this one lies in.</summary>
    /// <example>E09000020</example>
    public string? ParentCode { get; init; }

    /// <summary>Ward boundary set: `2002-2014` or `2014`. Empty for non-wards.</summary>
    /// <example>2014</example>
    public string? BoundarySet { get; init; }

    /// <summary>First day the area (boundary) was in force, where known.</summary>
    /// <example>2014-05-22</example>
    public DateOnly? ValidFrom { get; init; }

    /// <summary>Last day the area (boundary) was in force; empty while current.</summary>
    /// <example>2014-05-21</example>
    public DateOnly? ValidTo { get; init; }

    /// <summary>Centroid latitude, WGS84.</summary>
    /// <example>51.4964</example>
    public double? CentroidLat { get; init; }

    /// <summary>Centroid longitude, WGS84.</summary>
    /// <example>-0.19724</example>
    public double? CentroidLon { get; init; }

    /// <summary>Area in hectares (GLA).</summary>
    /// <example>60.179</example>
    public double? Hectares { get; init; }

    /// <summary>Other names used for this area in the documents, separated by `|`.</summary>
    /// <example>Royal Borough of Kensington and Chelsea|RBKC|K&amp;C</example>
    public string? Aliases { get; init; }

    /// <summary>Id of the document or dataset in `sources` this row comes from.</summary>
    /// <example>gla-wards-2014</example>
    public required string SourceId { get; init; }

    /// <summary>Where in the source: section, table, appendix and page as printed, so a reader can find it.</summary>
    /// <example>wards/kc_wards_2014.csv</example>
    public required string Locator { get; init; }

    /// <summary>Data-quality note: contradictions, extraction defects, assumptions. Empty when none.</summary>
    /// <example>Centroid from ONS Wards (December 2022). In force from the borough elections of 22 May 2014.</example>
    public string? Notes { get; init; }

    /// <summary>Whether a boundary polygon is published for this area (wards).</summary>
    /// <example>true</example>
    public bool HasBoundary { get; init; }

    public static readonly Dataset<Area, AreaDto> Dataset = new(
        "areas", "areas", db => db.Areas,
        a => new AreaDto
        {
            Code = a.Code,
            Name = a.Name,
            Type = a.Type,
            ParentCode = a.ParentCode,
            BoundarySet = a.BoundarySet,
            ValidFrom = a.ValidFrom,
            ValidTo = a.ValidTo,
            CentroidLat = a.CentroidLat,
            CentroidLon = a.CentroidLon,
            Hectares = a.Hectares,
            Aliases = a.Aliases,
            SourceId = a.SourceId,
            Locator = a.Locator,
            Notes = a.Notes,
            HasBoundary = a.Geometry != null,
        },
        key: "code",
        computedFieldDescriptions: new Dictionary<string, string>
        {
            ["has_boundary"] = "Whether a boundary polygon is published for this area (wards): see the boundary link or format=geojson.",
        });
}
