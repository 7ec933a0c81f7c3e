using OpenData.Store;

namespace OpenData.Query;

/// <summary>An entry of a risk register.</summary>
public sealed class RiskDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public required string PriorityArea { get; init; }
    public required string Description { get; init; }
    public string? Likelihood { get; init; }
    public string? Impact { get; init; }
    public string? ImpactDate { get; init; }
    public string? Mitigation { get; init; }
    public string? Lead { get; init; }
    public string? ReviewDate { get; init; }
    public string? Status { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public string? LocatorUrl { get; init; }

    public static readonly Dataset<Risk, RiskDto> Dataset = new(
        "risks", "risks", db => db.Risks,
        r => new RiskDto
        {
            Id = r.Id,
            PriorityArea = r.PriorityArea,
            Description = r.Description,
            Likelihood = r.Likelihood,
            Impact = r.Impact,
            ImpactDate = r.ImpactDate,
            Mitigation = r.Mitigation,
            Lead = r.Lead,
            ReviewDate = r.ReviewDate,
            Status = r.Status,
            SourceId = r.SourceId,
            Locator = r.Locator,
            Notes = r.Notes,
            LocatorUrl = SourceDocuments.LocatorUrl(r.SourceId, r.Locator),
        },
        key: "id",
        computedFields: new Dictionary<string, ComputedField> { ["locator_url"] = SourceDocuments.LocatorUrlField });
}
