using OpenData.Store;

namespace OpenData.Query;

/// <summary>A national or local performance indicator.</summary>
public sealed class IndicatorDto
{
    /// <summary>Slug, e.g. `npi-15`, `ni-30`.</summary>
    /// <example>npi-17</example>
    public required string Id { get; init; }

    /// <summary>`NI`, `NPI`, `PSA` or `local`.</summary>
    /// <example>NPI</example>
    public required string Scheme { get; init; }

    /// <summary>Number as published, e.g. `15`.</summary>
    /// <example>17</example>
    public string? Number { get; init; }

    /// <summary>Title as published.</summary>
    /// <example>perceptions of anti social behaviour</example>
    public required string Title { get; init; }

    /// <summary>Id of the document or dataset in `sources` this row comes from.</summary>
    /// <example>rbkc-ccsp-2008</example>
    public required string SourceId { get; init; }

    /// <summary>Where in the source: section, table, appendix and page as printed, so a reader can find it.</summary>
    /// <example>Appendix 2: Summary of Local Targets, Local Area Agreements (p. 31)</example>
    public required string Locator { get; init; }

    /// <summary>Data-quality note: contradictions, extraction defects, assumptions. Empty when none.</summary>
    /// <example>Labelled "NPI" in the document; the number belongs to the same national indicator series as the NI list in Appendix 2 (which omits 15, 16, 17, 19 and 40).</example>
    public string? Notes { get; init; }

    public static readonly Dataset<Indicator, IndicatorDto> Dataset = new(
        "indicators", "indicators", db => db.Indicators,
        i => new IndicatorDto
        {
            Id = i.Id,
            Scheme = i.Scheme,
            Number = i.Number,
            Title = i.Title,
            SourceId = i.SourceId,
            Locator = i.Locator,
            Notes = i.Notes,
        },
        key: "id");
}
