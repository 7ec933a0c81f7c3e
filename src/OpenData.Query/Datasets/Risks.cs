using OpenData.Store;

namespace OpenData.Query;

/// <summary>An entry of a risk register.</summary>
public sealed class RiskDto
{
    /// <summary>Stable id: source id, `-r`, three-digit sequence.</summary>
    /// <example>rbkc-ccsp-2008-r001</example>
    public required string Id { get; init; }

    /// <summary>Priority area as published.</summary>
    /// <example>Universal</example>
    public required string PriorityArea { get; init; }

    /// <summary>Risk description as published.</summary>
    /// <example>External factors (regional and national) divert resources from the priorities identified within this plan</example>
    public required string Description { get; init; }

    /// <summary>Likelihood as published.</summary>
    /// <example>Probable</example>
    public string? Likelihood { get; init; }

    /// <summary>Impact as published.</summary>
    /// <example>Significant</example>
    public string? Impact { get; init; }

    /// <summary>Impact date as published.</summary>
    /// <example>Duration of the plan</example>
    public string? ImpactDate { get; init; }

    /// <summary>Mitigation as published.</summary>
    /// <example>Review through the partnership boards and refine plan as appropriate</example>
    public string? Mitigation { get; init; }

    /// <summary>Lead responsibility as published.</summary>
    /// <example>Community Safety Programme Board</example>
    public string? Lead { get; init; }

    /// <summary>Review date as published.</summary>
    /// <example>Quarterly</example>
    public string? ReviewDate { get; init; }

    /// <summary>Status as published.</summary>
    /// <example>Open</example>
    public string? Status { get; init; }

    /// <summary>Id of the document or dataset in `sources` this row comes from.</summary>
    /// <example>rbkc-ccsp-2008</example>
    public required string SourceId { get; init; }

    /// <summary>Where in the source: section, table, appendix and page as printed, so a reader can find it.</summary>
    /// <example>Appendix 3: High Level Risk Register (p. 33)</example>
    public required string Locator { get; init; }

    /// <summary>Data-quality note: contradictions, extraction defects, assumptions. Empty when none.</summary>
    /// <example>Status column empty in the source.</example>
    public string? Notes { get; init; }

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
        },
        key: "id");
}
