using OpenData.Store;

namespace OpenData.Query;

/// <summary>One row of a strategic-assessment matrix; scores are text as published ("?" = unknown).</summary>
public sealed class AssessmentScoreDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public required string Matrix { get; init; }
    public string? CategoryGroup { get; init; }
    public required string Category { get; init; }
    public string? Volume { get; init; }
    public string? Performance { get; init; }
    public string? Trends { get; init; }
    public string? RiskToQualityOfLife { get; init; }
    public string? PublicConcern { get; init; }
    public string? Generator { get; init; }
    public required string PublishedScores { get; init; }
    public int? Total { get; init; }
    public string? DataSource { get; init; }
    public string? PriorityBand { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public string? LocatorUrl { get; init; }

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
            LocatorUrl = SourceDocuments.LocatorUrl(s.SourceId, s.Locator),
        },
        key: "id",
        computedFields: new Dictionary<string, ComputedField> { ["locator_url"] = SourceDocuments.LocatorUrlField });
}
