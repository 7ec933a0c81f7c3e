using OpenData.Store;

namespace OpenData.Query;

/// <summary>An offence or ASB category in one labelling scheme.</summary>
public sealed class OffenceCategoryDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public required string Scheme { get; init; }
    public required string Level { get; init; }
    public required string Name { get; init; }
    public string? ParentId { get; init; }
    public string? PoliceUkId { get; init; }
    public string? MpsCategoryId { get; init; }
    public string? ConceptId { get; init; }
    public string? MappingBasis { get; init; }
    public string? Aliases { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public string? LocatorUrl { get; init; }

    public static readonly Dataset<OffenceCategory, OffenceCategoryDto> Dataset = new(
        "offence-categories", "offence_categories", db => db.OffenceCategories,
        c => new OffenceCategoryDto
        {
            Id = c.Id,
            Scheme = c.Scheme,
            Level = c.Level,
            Name = c.Name,
            ParentId = c.ParentId,
            PoliceUkId = c.PoliceUkId,
            MpsCategoryId = c.MpsCategoryId,
            ConceptId = c.ConceptId,
            MappingBasis = c.MappingBasis,
            Aliases = c.Aliases,
            SourceId = c.SourceId,
            Locator = c.Locator,
            Notes = c.Notes,
            LocatorUrl = SourceDocuments.LocatorUrl(c.SourceId, c.Locator),
        },
        key: "id",
        computedFields: new Dictionary<string, ComputedField> { ["locator_url"] = SourceDocuments.LocatorUrlField });
}
