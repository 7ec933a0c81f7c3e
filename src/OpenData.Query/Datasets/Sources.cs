using OpenData.Store;

namespace OpenData.Query;

/// <summary>A published document or dataset that rows come from.</summary>
public sealed class SourceDto
{
    /// <summary>Stable slug, e.g. `mpa-lps-kc-2010`.</summary>
    /// <example>mps-ward-crime</example>
    public required string Id { get; init; }

    /// <summary>`document` (a published report transcribed by hand) or `dataset` (a machine-readable published extract).</summary>
    /// <example>dataset</example>
    public required string Kind { get; init; }

    /// <summary>Title as published.</summary>
    /// <example>MPS Ward Level Crime (most recent 24 months)</example>
    public required string Title { get; init; }

    /// <summary>Publishing body or bodies.</summary>
    /// <example>Metropolitan Police Service (London Datastore)</example>
    public required string Publisher { get; init; }

    /// <summary>Date of publication as precisely as published: YYYY, YYYY-MM or YYYY-MM-DD.</summary>
    /// <example>2024-12</example>
    public required string PublicationDate { get; init; }

    /// <summary>First day of the period the document covers.</summary>
    /// <example>2017-08-01</example>
    public DateOnly? PeriodStart { get; init; }

    /// <summary>Last day of the period the document covers.</summary>
    /// <example>2024-11-30</example>
    public DateOnly? PeriodEnd { get; init; }

    /// <summary>Main area covered (GSS code where one exists).</summary>
    /// <example>E09000020</example>
    public required string AreaCode { get; init; }

    /// <summary>File name of the plain-text extraction or reference file this was transcribed from.</summary>
    /// <example>mps-ward-crime/*.csv</example>
    public string? File { get; init; }

    /// <summary>FOI publication scheme: protective marking as published.</summary>
    /// <example>Not Protectively Marked</example>
    public string? ProtectiveMarking { get; init; }

    /// <summary>FOI publication scheme: whether the document is in the publication scheme (Y/N as published).</summary>
    /// <example>true</example>
    public bool? PublicationScheme { get; init; }

    /// <summary>FOI publication scheme: date created.</summary>
    /// <example>2008-10-01</example>
    public DateOnly? DateCreated { get; init; }

    /// <summary>FOI publication scheme: review date.</summary>
    /// <example>2011-10-01</example>
    public DateOnly? ReviewDate { get; init; }

    /// <summary>Summary as published, or a one-line description of the content.</summary>
    /// <example>Recorded crime by ward, MPS major and minor category and month. Five downloads of the rolling 24-month file, Kensington and Chelsea rows only, columns and…</example>
    public string? Summary { get; init; }

    /// <summary>Licence identifier, e.g. `OGL-UK-3.0`.</summary>
    /// <example>OGL-UK-3.0</example>
    public required string Licence { get; init; }

    /// <summary>Attribution statement to reproduce with the data.</summary>
    /// <example>Contains public sector information published by the Metropolitan Police Service on the London Datastore, licensed under the Open Government Licence v3.0.</example>
    public required string Attribution { get; init; }

    /// <summary>Data-quality note: contradictions, extraction defects, assumptions. Empty when none.</summary>
    /// <example>publication_date is the month of the newest download (its last month is 2024-11). 2019-08..2020-03 is in none of the downloads.</example>
    public string? Notes { get; init; }

    public static readonly Dataset<Source, SourceDto> Dataset = new(
        "sources", "sources", db => db.Sources,
        s => new SourceDto
        {
            Id = s.Id,
            Kind = s.Kind,
            Title = s.Title,
            Publisher = s.Publisher,
            PublicationDate = s.PublicationDate,
            PeriodStart = s.PeriodStart,
            PeriodEnd = s.PeriodEnd,
            AreaCode = s.AreaCode,
            File = s.File,
            ProtectiveMarking = s.ProtectiveMarking,
            PublicationScheme = s.PublicationScheme,
            DateCreated = s.DateCreated,
            ReviewDate = s.ReviewDate,
            Summary = s.Summary,
            Licence = s.Licence,
            Attribution = s.Attribution,
            Notes = s.Notes,
        },
        key: "id");
}
