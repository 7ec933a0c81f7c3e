using OpenData.Store;

namespace OpenData.Query;

/// <summary>One published crime or ASB figure; MPS monthly counts keep their superseded revisions.</summary>
public sealed class CrimeFigureDto
{
    /// <summary>Stable id: source id, `-f`, three-digit sequence.</summary>
    /// <example>mpsw-202203-e05009388-202203-mps-title-case-burglary-domestic-burglary</example>
    public required string Id { get; init; }

    /// <summary>Area the figure is about.</summary>
    /// <example>E05009388</example>
    public required string AreaCode { get; init; }

    /// <summary>Offence or ASB category (document scheme).</summary>
    /// <example>mps-title-case-burglary-domestic-burglary</example>
    public required string CategoryId { get; init; }

    /// <summary>First day of the period.</summary>
    /// <example>2022-03-01</example>
    public DateOnly PeriodStart { get; init; }

    /// <summary>Last day of the period.</summary>
    /// <example>2022-03-31</example>
    public DateOnly PeriodEnd { get; init; }

    /// <summary>What the value measures.</summary>
    /// <example>count</example>
    public required string Measure { get; init; }

    /// <summary>The figure as published, as a number (a percentage as 8.8, not 0.088).</summary>
    /// <example>5</example>
    public double Value { get; init; }

    /// <summary>Unit of value.</summary>
    /// <example>offences</example>
    public required string Unit { get; init; }

    /// <summary>The figure and its words exactly as printed.</summary>
    /// <example>5</example>
    public required string PublishedText { get; init; }

    /// <summary>For changes and comparisons: first day of the period compared against.</summary>
    /// <example>2007-04-01</example>
    public DateOnly? ComparisonPeriodStart { get; init; }

    /// <summary>For changes and comparisons: last day of the period compared against.</summary>
    /// <example>2008-03-31</example>
    public DateOnly? ComparisonPeriodEnd { get; init; }

    /// <summary>Id of the document or dataset in `sources` this row comes from.</summary>
    /// <example>mps-ward-crime</example>
    public required string SourceId { get; init; }

    /// <summary>Where in the source: section, table, appendix and page as printed, so a reader can find it.</summary>
    /// <example>mps-ward-crime/mps_ward_crime_kc_202004_202203.csv, line 5, column 202203</example>
    public required string Locator { get; init; }

    /// <summary>Data-quality note: contradictions, extraction defects, assumptions. Empty when none.</summary>
    /// <example>Stated of London in the Deputy Mayor's message; recorded against the Metropolitan Police force area (MPS-recorded crime). Round figure. The period is…</example>
    public string? Notes { get; init; }

    /// <summary>False when a newer download of the same MPS extract published another value for the same area, category and month (a revision).</summary>
    /// <example>false</example>
    public bool IsCurrent { get; init; }

    /// <summary>Id of the figure that replaced this one; empty while current.</summary>
    /// <example>mpsw-202304-e05009388-202203-mps-title-case-burglary-domestic-burglary</example>
    public string? SupersededBy { get; init; }

    public static readonly Dataset<CrimeFigure, CrimeFigureDto> Dataset = new(
        "crime-figures", "crime_figures", db => db.CrimeFigures,
        f => new CrimeFigureDto
        {
            Id = f.Id,
            AreaCode = f.AreaCode,
            CategoryId = f.CategoryId,
            PeriodStart = f.PeriodStart,
            PeriodEnd = f.PeriodEnd,
            Measure = f.Measure,
            Value = f.Value,
            Unit = f.Unit,
            PublishedText = f.PublishedText,
            ComparisonPeriodStart = f.ComparisonPeriodStart,
            ComparisonPeriodEnd = f.ComparisonPeriodEnd,
            SourceId = f.SourceId,
            Locator = f.Locator,
            Notes = f.Notes,
            IsCurrent = f.IsCurrent,
            SupersededBy = f.SupersededBy,
        },
        key: "id",
        defaultSort: [new SortField("period_start", SortDirection.Ascending), new SortField("id", SortDirection.Ascending)],
        computedFields: new Dictionary<string, ComputedField>
        {
            ["is_current"] = new("False when a newer download of the same MPS extract published another value for the same area, category and month (a revision); document figures are always current.", "false"),
            ["superseded_by"] = new("Id of the figure that replaced this one; empty while current.", "mpsw-202304-e05009388-202203-mps-title-case-burglary-domestic-burglary"),
        });
}
