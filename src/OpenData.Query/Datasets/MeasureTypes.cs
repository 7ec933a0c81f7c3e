using OpenData.Store;

namespace OpenData.Query;

/// <summary>Something the documents count that is not an offence: cameras, rough sleepers, survey results, caseloads.</summary>
public sealed class MeasureTypeDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Description { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public string? LocatorUrl { get; init; }

    public static readonly Dataset<MeasureType, MeasureTypeDto> Dataset = new(
        "measure-types", "measure_types", db => db.MeasureTypes,
        m => new MeasureTypeDto
        {
            Id = m.Id,
            Name = m.Name,
            Kind = m.Kind,
            Description = m.Description,
            SourceId = m.SourceId,
            Locator = m.Locator,
            Notes = m.Notes,
            LocatorUrl = SourceDocuments.LocatorUrl(m.SourceId, m.Locator),
        },
        key: "id",
        computedFields: new Dictionary<string, ComputedField> { ["locator_url"] = SourceDocuments.LocatorUrlField });
}
