using OpenData.Store;

namespace OpenData.Query;

/// <summary>A partnership action, activity, achievement, issue or opportunity.</summary>
public sealed class ActionDto
{
    /// <summary>Stable id: source id, `-a`, three-digit sequence.</summary>
    /// <example>kent-csa-2012-a001</example>
    public required string Id { get; init; }

    /// <summary>Area the action is for.</summary>
    /// <example>E09000020</example>
    public required string AreaCode { get; init; }

    /// <summary>What the row is.</summary>
    /// <example>activity</example>
    public required string Kind { get; init; }

    /// <summary>Theme or priority it sits under, as published.</summary>
    /// <example>Substance Misuse</example>
    public string? Theme { get; init; }

    /// <summary>The priority row it sits under, where there is one.</summary>
    /// <example>kent-csa-2012-p003</example>
    public string? PriorityId { get; init; }

    /// <summary>Objective as published.</summary>
    /// <example>Improve the coordination of the partnership actions to tackle serious youth violence, gang and knife crime.</example>
    public string? Objective { get; init; }

    /// <summary>The action, activity or achievement exactly as published.</summary>
    /// <example>The priorities have subsequently been reviewed following the 2011/12 round of strategic assessments and there were no significant shifts in priorities.</example>
    public required string Text { get; init; }

    /// <summary>Approach group as published.</summary>
    /// <example>situational_prevention</example>
    public string? Approach { get; init; }

    /// <summary>Lead as published.</summary>
    /// <example>Kent Police</example>
    public string? Lead { get; init; }

    /// <summary>KPI or measure as published.</summary>
    /// <example>domestic burglary</example>
    public string? Kpi { get; init; }

    /// <summary>Timescale as published.</summary>
    /// <example>28th November 2012</example>
    public string? TimescaleText { get; init; }

    /// <summary>Timescale as a date, where it is one (end of the stated month or year).</summary>
    /// <example>2012-11-28</example>
    public DateOnly? DueDate { get; init; }

    /// <summary>Status as published (e.g. `In progress`, `Complete`).</summary>
    /// <example>in progress</example>
    public string? Status { get; init; }

    /// <summary>RAG status where published.</summary>
    /// <example>amber</example>
    public string? Rag { get; init; }

    /// <summary>Marked as supported by the Neighbourhood Renewal Fund.</summary>
    /// <example>false</example>
    public bool? NrfFunded { get; init; }

    /// <summary>Community Safety Review recommendation numbers, separated by `|`.</summary>
    /// <example>29</example>
    public string? ReviewRecommendations { get; init; }

    /// <summary>Id of the document or dataset in `sources` this row comes from.</summary>
    /// <example>kent-csa-2012</example>
    public required string SourceId { get; init; }

    /// <summary>Where in the source: section, table, appendix and page as printed, so a reader can find it.</summary>
    /// <example>2.0 Introduction, 2.3</example>
    public required string Locator { get; init; }

    /// <summary>Data-quality note: contradictions, extraction defects, assumptions. Empty when none.</summary>
    /// <example>The priorities are reviewed annually; this review is reported as done ("have subsequently been reviewed"), no status words printed.</example>
    public string? Notes { get; init; }

    public static readonly Dataset<PartnershipAction, ActionDto> Dataset = new(
        "actions", "actions", db => db.Actions,
        a => new ActionDto
        {
            Id = a.Id,
            AreaCode = a.AreaCode,
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
        },
        key: "id");

    /// <summary>Free-text search: a case-insensitive "contains" over text, objective and theme, as a filter tree
    /// so it combines with the other filters (see <see cref="FilterTranslator"/> for why lower()+contains).</summary>
    public static FilterNode TextSearch(string q, string origin = "q") => new OrFilter(
    [
        new ConditionFilter("text", FilterOperator.Contains, q) { Origin = origin },
        new ConditionFilter("objective", FilterOperator.Contains, q) { Origin = origin },
        new ConditionFilter("theme", FilterOperator.Contains, q) { Origin = origin },
    ]);
}
