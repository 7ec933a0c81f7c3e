using OpenData.Store;

namespace OpenData.Query;

/// <summary>A national or local performance indicator.</summary>
public sealed class IndicatorDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public required string Scheme { get; init; }
    public string? Number { get; init; }
    public required string Title { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public string? LocatorUrl { get; init; }

    public static readonly Dataset<Indicator, IndicatorDto> Dataset = new(
        "indicators", "indicators", db => db.Indicators,
        i => new IndicatorDto
        {
            Id = i.Id,
            Scheme = i.Scheme,
            Number = i.Number,
            Title = i.Title,
            SourceId = i.SourceId,
            Locator = i.Locator,
            Notes = i.Notes,
            LocatorUrl = SourceDocuments.LocatorUrl(i.SourceId, i.Locator),
        },
        key: "id",
        computedFields: new Dictionary<string, ComputedField> { ["locator_url"] = SourceDocuments.LocatorUrlField });
}
