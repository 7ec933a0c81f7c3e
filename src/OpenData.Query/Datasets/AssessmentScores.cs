using OpenData.Store;

namespace OpenData.Query;

/// <summary>One row of a strategic-assessment matrix; scores are text as published ("?" = unknown).</summary>
public sealed class AssessmentScoreDto
{
    /// <summary>Stable id: source id, `-s`, three-digit sequence.</summary>
    /// <example>rbkc-ccsp-2008-s001</example>
    public required string Id { get; init; }

    /// <summary>`crime` or `asb`.</summary>
    /// <example>crime</example>
    public required string Matrix { get; init; }

    /// <summary>Group heading as published.</summary>
    /// <example>Violence Against the Person</example>
    public string? CategoryGroup { get; init; }

    /// <summary>Category as published.</summary>
    /// <example>VAP</example>
    public required string Category { get; init; }

    /// <summary>Score for the `volume` criterion: a whole number, `?` for unknown as published, empty when not published.</summary>
    /// <example>1</example>
    public string? Volume { get; init; }

    /// <summary>Score for the `performance` criterion: a whole number, `?` for unknown as published, empty when not published.</summary>
    /// <example>1</example>
    public string? Performance { get; init; }

    /// <summary>Score for the `trends` criterion: a whole number, `?` for unknown as published, empty when not published.</summary>
    /// <example>0</example>
    public string? Trends { get; init; }

    /// <summary>Score for the `risk_to_quality_of_life` criterion: a whole number, `?` for unknown as published, empty when not published.</summary>
    /// <example>2</example>
    public string? RiskToQualityOfLife { get; init; }

    /// <summary>Score for the `public_concern` criterion: a whole number, `?` for unknown as published, empty when not published.</summary>
    /// <example>1</example>
    public string? PublicConcern { get; init; }

    /// <summary>Score for the `generator` criterion: a whole number, `?` for unknown as published, empty when not published.</summary>
    /// <example>2</example>
    public string? Generator { get; init; }

    /// <summary>The criterion scores in the order printed, separated by spaces, exactly as extracted.</summary>
    /// <example>none</example>
    public required string PublishedScores { get; init; }

    /// <summary>Total as published.</summary>
    /// <example>55</example>
    public int? Total { get; init; }

    /// <summary>Data source as published.</summary>
    /// <example>Police</example>
    public string? DataSource { get; init; }

    /// <summary>Band from the total as published: low 0-5, medium 6-10, high 11+.</summary>
    /// <example>medium</example>
    public string? PriorityBand { get; init; }

    /// <summary>Id of the document or dataset in `sources` this row comes from.</summary>
    /// <example>rbkc-ccsp-2008</example>
    public required string SourceId { get; init; }

    /// <summary>Where in the source: section, table, appendix and page as printed, so a reader can find it.</summary>
    /// <example>Appendix 1, Crime and Antisocial Behaviour Matrix Used for Strategic Assessment: crime matrix (Appendix 1 begins p. 22)</example>
    public required string Locator { get; init; }

    /// <summary>Data-quality note: contradictions, extraction defects, assumptions. Empty when none.</summary>
    /// <example>Group subtotal row: only a total is printed (no criterion scores); published_scores is a required field, so "none" is recorded. No priority band is given…</example>
    public string? Notes { get; init; }

    public static readonly Dataset<AssessmentScore, AssessmentScoreDto> Dataset = new(
        "assessment-scores", "assessment_scores", db => db.AssessmentScores,
        s => new AssessmentScoreDto
        {
            Id = s.Id,
            Matrix = s.Matrix,
            CategoryGroup = s.CategoryGroup,
            Category = s.Category,
            Volume = s.Volume,
            Performance = s.Performance,
            Trends = s.Trends,
            RiskToQualityOfLife = s.RiskToQualityOfLife,
            PublicConcern = s.PublicConcern,
            Generator = s.Generator,
            PublishedScores = s.PublishedScores,
            Total = s.Total,
            DataSource = s.DataSource,
            PriorityBand = s.PriorityBand,
            SourceId = s.SourceId,
            Locator = s.Locator,
            Notes = s.Notes,
        },
        key: "id");
}
