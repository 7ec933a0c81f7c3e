using OpenData.Store;

namespace OpenData.Query;

/// <summary>An offence or ASB category in one labelling scheme.</summary>
public sealed class OffenceCategoryDto
{
    /// <summary>Stable slug, prefixed by scheme: `doc-`, `mps-legacy-`, `mps-title-case-`, `mps-upper-case-`, `police-uk-`. MPS ids are `&lt;scheme&gt;-&lt;major slug&gt;` and `&lt;scheme&gt;-&lt;major slug&gt;-&lt;minor slug&gt;`.</summary>
    /// <example>mps-upper-case-burglary-burglary-residential</example>
    public required string Id { get; init; }

    /// <summary>`document` (as named in a document), `mps-legacy` (borough file 2011-2013), `mps-title-case` (ward files up to 2023-04), `mps-upper-case` (ward files from 2022-12), `police-uk`.</summary>
    /// <example>mps-upper-case</example>
    public required string Scheme { get; init; }

    /// <summary>`major` or `minor` for MPS; `category` otherwise.</summary>
    /// <example>minor</example>
    public required string Level { get; init; }

    /// <summary>Label exactly as published.</summary>
    /// <example>BURGLARY - RESIDENTIAL</example>
    public required string Name { get; init; }

    /// <summary>Major category of a minor category.</summary>
    /// <example>mps-upper-case-burglary</example>
    public string? ParentId { get; init; }

    /// <summary>The police.uk category this maps to, for a consistent map legend across years.</summary>
    /// <example>police-uk-burglary</example>
    public string? PoliceUkId { get; init; }

    /// <summary>Id of the document or dataset in `sources` this row comes from.</summary>
    /// <example>mps-categories</example>
    public required string SourceId { get; init; }

    /// <summary>Where in the source: section, table, appendix and page as printed, so a reader can find it.</summary>
    /// <example>categories/mps_crime_categories.csv: MPS ward file, UPPER CASE labels; seen in K&amp;C downloads 202212-202411</example>
    public required string Locator { get; init; }

    /// <summary>Data-quality note: contradictions, extraction defects, assumptions. Empty when none.</summary>
    /// <example>Mapping to police.uk by the OpenData team, not published by the MPS.</example>
    public string? Notes { get; init; }

    public static readonly Dataset<OffenceCategory, OffenceCategoryDto> Dataset = new(
        "offence-categories", "offence_categories", db => db.OffenceCategories,
        c => new OffenceCategoryDto
        {
            Id = c.Id,
            Scheme = c.Scheme,
            Level = c.Level,
            Name = c.Name,
            ParentId = c.ParentId,
            PoliceUkId = c.PoliceUkId,
            SourceId = c.SourceId,
            Locator = c.Locator,
            Notes = c.Notes,
        },
        key: "id");
}
