using OpenData.Store;

namespace OpenData.Query;

/// <summary>An amount of money a document states: what for, who gives it, who receives it, for which period.</summary>
public sealed class FundingFigureDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json.
    public required string Id { get; init; }
    public string? AreaCode { get; init; }
    public required string Kind { get; init; }
    public double Amount { get; init; }
    public double? AmountBefore { get; init; }
    public required string AmountText { get; init; }
    public required string Currency { get; init; }
    public string? PeriodText { get; init; }
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }
    public string? Purpose { get; init; }
    public string? Funder { get; init; }
    public string? Recipient { get; init; }
    public string? ActionId { get; init; }
    public required string SourceId { get; init; }
    public required string Locator { get; init; }
    public string? Notes { get; init; }
    public string? LocatorUrl { get; init; }

    public static readonly Dataset<FundingFigure, FundingFigureDto> Dataset = new(
        "funding-figures", "funding_figures", db => db.FundingFigures,
        f => new FundingFigureDto
        {
            Id = f.Id,
            AreaCode = f.AreaCode,
            Kind = f.Kind,
            Amount = f.Amount,
            AmountBefore = f.AmountBefore,
            AmountText = f.AmountText,
            Currency = f.Currency,
            PeriodText = f.PeriodText,
            PeriodStart = f.PeriodStart,
            PeriodEnd = f.PeriodEnd,
            Purpose = f.Purpose,
            Funder = f.Funder,
            Recipient = f.Recipient,
            ActionId = f.ActionId,
            SourceId = f.SourceId,
            Locator = f.Locator,
            Notes = f.Notes,
            LocatorUrl = SourceDocuments.LocatorUrl(f.SourceId, f.Locator),
        },
        key: "id",
        computedFields: new Dictionary<string, ComputedField> { ["locator_url"] = SourceDocuments.LocatorUrlField });
}
