using OpenData.Store;

namespace OpenData.Query;

/// <summary>A partnership action, activity, achievement, issue or opportunity.</summary>
public sealed class ActionDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public required string AreaCode { get; init; }
    public string? AreaCodes { get; init; }
    public required string Kind { get; init; }
    public string? Theme { get; init; }
    public string? PriorityId { get; init; }
    public string? Objective { get; init; }
    public required string Text { get; init; }
    public string? Approach { get; init; }
    public string? Lead { get; init; }
    public string? Kpi { get; init; }
    public string? TimescaleText { get; init; }
    public DateOnly? DueDate { get; init; }
    public string? Status { get; init; }
    public string? Rag { get; init; }
    public bool? NrfFunded { get; init; }
    public string? ReviewRecommendations { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public string? LocatorUrl { get; init; }

    public static readonly Dataset<PartnershipAction, ActionDto> Dataset = new(
        "actions", "actions", db => db.Actions,
        a => new ActionDto
        {
            Id = a.Id,
            AreaCode = a.AreaCode,
            AreaCodes = a.AreaCodes,
            Kind = a.Kind,
            Theme = a.Theme,
            PriorityId = a.PriorityId,
            Objective = a.Objective,
            Text = a.Text,
            Approach = a.Approach,
            Lead = a.Lead,
            Kpi = a.Kpi,
            TimescaleText = a.TimescaleText,
            DueDate = a.DueDate,
            Status = a.Status,
            Rag = a.Rag,
            NrfFunded = a.NrfFunded,
            ReviewRecommendations = a.ReviewRecommendations,
            SourceId = a.SourceId,
            Locator = a.Locator,
            Notes = a.Notes,
            LocatorUrl = SourceDocuments.LocatorUrl(a.SourceId, a.Locator),
        },
        key: "id",
        computedFields: new Dictionary<string, ComputedField> { ["locator_url"] = SourceDocuments.LocatorUrlField });
}
