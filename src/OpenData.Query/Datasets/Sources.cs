using OpenData.Store;

namespace OpenData.Query;

/// <summary>A published document or dataset that rows come from.</summary>
public sealed class SourceDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public required string Publisher { get; init; }
    public required string PublicationDate { get; init; }
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }
    public required string AreaCode { get; init; }
    public string? File { get; init; }
    public string? ProtectiveMarking { get; init; }
    public bool? PublicationScheme { get; init; }
    public DateOnly? DateCreated { get; init; }
    public DateOnly? ReviewDate { get; init; }
    public string? Summary { get; init; }
    public required string Licence { get; init; }
    public required string LicenceStatus { get; init; }
    public required string Attribution { get; init; }
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
            LicenceStatus = s.LicenceStatus,
            Attribution = s.Attribution,
            Notes = s.Notes,
        },
        key: "id");
}
