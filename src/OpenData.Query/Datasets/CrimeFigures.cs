using OpenData.Store;

namespace OpenData.Query;

/// <summary>One published crime or ASB figure; MPS monthly counts keep their superseded revisions.</summary>
public sealed class CrimeFigureDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public required string AreaCode { get; init; }
    public string? AreaCodes { get; init; }
    public string? CategoryId { get; init; }
    public string? MeasureTypeId { get; init; }
    public DateOnly PeriodStart { get; init; }
    public DateOnly PeriodEnd { get; init; }
    public required string Measure { get; init; }
    public double Value { get; init; }
    public required string Qualifier { get; init; }
    public string? Derivation { get; init; }
    public required string Unit { get; init; }
    public string? PerPeriod { get; init; }
    public string? RateBase { get; init; }
    public required string PublishedText { get; init; }
    public DateOnly? ComparisonPeriodStart { get; init; }
    public DateOnly? ComparisonPeriodEnd { get; init; }
    public required string PeriodBasis { get; init; }
    public string? ComparisonPeriodBasis { get; init; }
    public string? PeriodBasisReason { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public bool IsCurrent { get; init; }
    public string? SupersededBy { get; init; }
    public string? LocatorUrl { get; init; }

    public static readonly Dataset<CrimeFigure, CrimeFigureDto> Dataset = new(
        "crime-figures", "crime_figures", db => db.CrimeFigures,
        f => new CrimeFigureDto
        {
            Id = f.Id,
            AreaCode = f.AreaCode,
            AreaCodes = f.AreaCodes,
            CategoryId = f.CategoryId,
            MeasureTypeId = f.MeasureTypeId,
            PeriodStart = f.PeriodStart,
            PeriodEnd = f.PeriodEnd,
            Measure = f.Measure,
            Value = f.Value,
            Qualifier = f.Qualifier,
            Derivation = f.Derivation,
            Unit = f.Unit,
            PerPeriod = f.PerPeriod,
            RateBase = f.RateBase,
            PublishedText = f.PublishedText,
            ComparisonPeriodStart = f.ComparisonPeriodStart,
            ComparisonPeriodEnd = f.ComparisonPeriodEnd,
            PeriodBasis = f.PeriodBasis,
            ComparisonPeriodBasis = f.ComparisonPeriodBasis,
            PeriodBasisReason = f.PeriodBasisReason,
            SourceId = f.SourceId,
            Locator = f.Locator,
            Notes = f.Notes,
            IsCurrent = f.IsCurrent,
            SupersededBy = f.SupersededBy,
            LocatorUrl = SourceDocuments.LocatorUrl(f.SourceId, f.Locator),
        },
        key: "id",
        defaultSort: [new SortField("period_start", SortDirection.Ascending), new SortField("id", SortDirection.Ascending)],
        computedFields: new Dictionary<string, ComputedField>
        {
            ["locator_url"] = SourceDocuments.LocatorUrlField,
            ["is_current"] = new("False when a newer download of the same MPS extract published another value for the same area, category and month (a revision); document figures are always current.", "false"),
            ["superseded_by"] = new("Id of the figure that replaced this one; empty while current.", "mpsw-202304-e05009388-202203-mps-title-case-burglary-domestic-burglary"),
        });
}
