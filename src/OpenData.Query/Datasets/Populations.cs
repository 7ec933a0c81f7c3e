using OpenData.Store;

namespace OpenData.Query;

/// <summary>The Census 2021 usual residents of a ward (2022 set) or borough, the denominator of rates.</summary>
public sealed class PopulationDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json.
    public required string AreaCode { get; init; }
    public long Population { get; init; }
    public long? LivesInHousehold { get; init; }
    public long? LivesInCommunalEstablishment { get; init; }
    public DateOnly CensusDate { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public string? LocatorUrl { get; init; }

    public static readonly Dataset<AreaPopulation, PopulationDto> Dataset = new(
        "populations", "populations", db => db.Populations,
        p => new PopulationDto
        {
            AreaCode = p.AreaCode,
            Population = p.Population,
            LivesInHousehold = p.LivesInHousehold,
            LivesInCommunalEstablishment = p.LivesInCommunalEstablishment,
            CensusDate = p.CensusDate,
            SourceId = p.SourceId,
            Locator = p.Locator,
            Notes = p.Notes,
            LocatorUrl = SourceDocuments.LocatorUrl(p.SourceId, p.Locator),
        },
        key: "area_code",
        computedFields: new Dictionary<string, ComputedField> { ["locator_url"] = SourceDocuments.LocatorUrlField });
}
