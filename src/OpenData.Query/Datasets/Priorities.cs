using OpenData.Store;

namespace OpenData.Query;

/// <summary>A priority, theme or cross-cutting theme of a plan.</summary>
public sealed class PriorityDto
{
    /// <summary>Stable id: source id, `-p`, three-digit sequence.</summary>
    /// <example>kent-csa-2012-p001</example>
    public required string Id { get; init; }

    /// <summary>Area the priority is for.</summary>
    /// <example>E10000016</example>
    public required string AreaCode { get; init; }

    /// <summary>First day of the plan period.</summary>
    /// <example>2011-04-01</example>
    public DateOnly PeriodStart { get; init; }

    /// <summary>Last day of the plan period.</summary>
    /// <example>2014-03-31</example>
    public DateOnly PeriodEnd { get; init; }

    /// <summary>`priority`, `theme`, `cross_cutting_theme` or `strategic_priority`.</summary>
    /// <example>priority</example>
    public required string Kind { get; init; }

    /// <summary>Priority as published.</summary>
    /// <example>Anti-Social Behaviour</example>
    public required string Title { get; init; }

    /// <summary>Further words published with it.</summary>
    /// <example>The Kent Community Safety Agreement (CSA) outlines the countywide community safety priorities for 2011-14</example>
    public string? Description { get; init; }

    /// <summary>Theme this priority sits under, where the document nests them.</summary>
    /// <example>rbkc-bsc-2019-p001</example>
    public string? ParentId { get; init; }

    /// <summary>Rank or order as published.</summary>
    /// <example>1</example>
    public int? Rank { get; init; }

    /// <summary>Strategic-assessment score where published.</summary>
    /// <example>18</example>
    public int? Score { get; init; }

    /// <summary>Marked as new in the document.</summary>
    /// <example>true</example>
    public bool? IsNew { get; init; }

    /// <summary>Strategic lead as published.</summary>
    /// <example>Community Safety Programme Board</example>
    public string? StrategicLead { get; init; }

    /// <summary>Offence category, where the priority is one.</summary>
    /// <example>doc-antisocial-behaviour</example>
    public string? CategoryId { get; init; }

    /// <summary>Id of the document or dataset in `sources` this row comes from.</summary>
    /// <example>kent-csa-2012</example>
    public required string SourceId { get; init; }

    /// <summary>Where in the source: section, table, appendix and page as printed, so a reader can find it.</summary>
    /// <example>2.0 Introduction, 2.1: Priorities</example>
    public required string Locator { get; init; }

    /// <summary>Data-quality note: contradictions, extraction defects, assumptions. Empty when none.</summary>
    /// <example>Approved by the KCSP in May 2011; reviewed after the 2011/12 strategic assessments with "no significant shifts in priorities". Period "2011-14" taken as…</example>
    public string? Notes { get; init; }

    public static readonly Dataset<Priority, PriorityDto> Dataset = new(
        "priorities", "priorities", db => db.Priorities,
        p => new PriorityDto
        {
            Id = p.Id,
            AreaCode = p.AreaCode,
            PeriodStart = p.PeriodStart,
            PeriodEnd = p.PeriodEnd,
            Kind = p.Kind,
            Title = p.Title,
            Description = p.Description,
            ParentId = p.ParentId,
            Rank = p.Rank,
            Score = p.Score,
            IsNew = p.IsNew,
            StrategicLead = p.StrategicLead,
            CategoryId = p.CategoryId,
            SourceId = p.SourceId,
            Locator = p.Locator,
            Notes = p.Notes,
        },
        key: "id");
}
