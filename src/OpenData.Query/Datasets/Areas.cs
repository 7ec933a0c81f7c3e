using OpenData.Store;

namespace OpenData.Query;

/// <summary>A borough, force area, county, ward (of one boundary set) or other named place. The polygon is not a
/// field: it is served as GeoJSON (the boundary route, or <c>format=geojson</c>).</summary>
public sealed class AreaDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public string? ParentCode { get; init; }
    public string? BoundarySet { get; init; }
    public string? BoundarySets { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public double? CentroidLat { get; init; }
    public double? CentroidLon { get; init; }
    public double? Hectares { get; init; }
    public string? Aliases { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public bool HasBoundary { get; init; }
    public string? LocatorUrl { get; init; }

    public static readonly Dataset<Area, AreaDto> Dataset = new(
        "areas", "areas", db => db.Areas,
        a => new AreaDto
        {
            Code = a.Code,
            Name = a.Name,
            Type = a.Type,
            ParentCode = a.ParentCode,
            BoundarySet = a.BoundarySet,
            BoundarySets = a.BoundarySets,
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
            LocatorUrl = SourceDocuments.LocatorUrl(a.SourceId, a.Locator),
        },
        key: "code",
        computedFields: new Dictionary<string, ComputedField>
        {
            ["locator_url"] = SourceDocuments.LocatorUrlField,
            ["has_boundary"] = new("Whether a boundary polygon is published for this area (wards and boroughs); the polygon itself is the area's `boundary` (a link in REST, where format=geojson also gives it; a field in GraphQL).", "true"),
        });
}
