using OpenData.Store;

namespace OpenData.Query;

/// <summary>A priority, theme or cross-cutting theme of a plan.</summary>
public sealed class PriorityDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public required string AreaCode { get; init; }
    public string? AreaCodes { get; init; }
    public DateOnly PeriodStart { get; init; }
    public DateOnly PeriodEnd { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public string? ParentId { get; init; }
    public int? Rank { get; init; }
    public int? PrintedOrder { get; init; }
    public int? Score { get; init; }
    public bool? IsNew { get; init; }
    public string? StrategicLead { get; init; }
    public string? CategoryId { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public string? LocatorUrl { get; init; }

    public static readonly Dataset<Priority, PriorityDto> Dataset = new(
        "priorities", "priorities", db => db.Priorities,
        p => new PriorityDto
        {
            Id = p.Id,
            AreaCode = p.AreaCode,
            AreaCodes = p.AreaCodes,
            PeriodStart = p.PeriodStart,
            PeriodEnd = p.PeriodEnd,
            Kind = p.Kind,
            Title = p.Title,
            Description = p.Description,
            ParentId = p.ParentId,
            Rank = p.Rank,
            PrintedOrder = p.PrintedOrder,
            Score = p.Score,
            IsNew = p.IsNew,
            StrategicLead = p.StrategicLead,
            CategoryId = p.CategoryId,
            SourceId = p.SourceId,
            Locator = p.Locator,
            Notes = p.Notes,
            LocatorUrl = SourceDocuments.LocatorUrl(p.SourceId, p.Locator),
        },
        key: "id",
        computedFields: new Dictionary<string, ComputedField> { ["locator_url"] = SourceDocuments.LocatorUrlField });
}
