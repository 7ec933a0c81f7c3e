using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>
/// <c>/api/v1/datasets</c>: the catalogue. One entry per dataset with what a re-user needs before downloading:
/// description, licence and provenance (the sources its rows come from), size, when it last changed, its
/// fields with types and descriptions (from datapackage.json), and links to the JSON collection and the CSV.
/// </summary>
public static class DatasetsApi
{
    public const string Tag = "Catalogue";

    public static RouteGroupBuilder MapDatasetsCatalogue(this RouteGroupBuilder group)
    {
        group.MapGet("/datasets", ListAsync)
            .Reads([.. DatasetCatalog.All.Select(d => d.ResourceName)])
            .WithName("ListDatasets")
            .WithSummary("List the datasets")
            .WithDescription("The catalogue: every dataset with title, description, licence, provenance (the sources its rows come from, with attribution), row count, last-modified time, its fields (type, description, filter operators, sortable) and links to the JSON collection and the bulk CSV download. "
                + "As CSV (format=csv or Accept: text/csv) one row per dataset: " + string.Join(", ", CsvColumns) + "; lists (licences, source ids) are joined with ';'.")
            .WithTags(Tag)
            .Produces<CatalogueDocument>(StatusCodes.Status200OK, OutputFormats.Json, OutputFormats.Csv)
            .WithResponseExample(OutputFormats.Csv, CsvExample())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter("format", "json (the default) or csv: one row per dataset, for a spreadsheet or a publication scheme's register.", "csv");
        group.MapGet("/datasets/{name}", ItemAsync)
            // An entry names its sources' titles and licences too.
            .Reads(context => DatasetCatalog.Find((string?)context.Request.RouteValues["name"] ?? "") is { } dataset ? [dataset.ResourceName, "sources"] : [])
            .WithName("GetDataset")
            .WithSummary("Get one dataset's catalogue entry")
            .WithDescription("One dataset's catalogue entry (see List the datasets). 404 for an unknown name.")
            .WithTags(Tag)
            .Produces<CatalogueEntryDocument>(StatusCodes.Status200OK, OutputFormats.Json)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter("name", "Dataset name, as in the API path.", "crime-figures")
            .WithQueryParameter("format", "json (the only format of the catalogue).", "json");
        return group;
    }

    /// <summary>The catalogue.</summary>
    private static async Task<IResult> ListAsync(HttpContext context, OpenDataDbContext db, ReleaseReader releases, CancellationToken cancellationToken)
    {
        if (Refuse(context, [OutputFormat.Json, OutputFormat.Csv]) is { } problem) return problem;
        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        var entries = await EntriesAsync(context, db, releases, DatasetCatalog.All, cancellationToken);
        if (context.Features.Get<NegotiatedFormat>()!.Result.Format == OutputFormat.Csv)
        {
            return new StreamedBodyResult("text/csv; charset=utf-8; header=present", "datasets.csv", async (http, body, ct) =>
            {
                var csv = new CsvBody(body, byteOrderMark: false);
                WriteCsv(csv.Rows, entries);
                await csv.FlushAsync(ct);
            });
        }
        var document = new CatalogueDocument(entries, new PageLinks { Self = RestLinks.Self(context.Request) }, new DocumentMeta(Summary(release)));
        return new JsonBodyResult(OutputFormats.Json, writer => JsonSerializer.Serialize(writer, document, RestOutput.SerializerOptions));
    }

    /// <summary>One catalogue entry.</summary>
    /// <param name="name" example="crime-figures">Dataset name, as in the API path (e.g. crime-figures).</param>
    /// <param name="context">The request.</param>
    /// <param name="db">The store.</param>
    /// <param name="releases">The data release reader.</param>
    /// <param name="cancellationToken">Request aborted.</param>
    private static async Task<IResult> ItemAsync(string name, HttpContext context, OpenDataDbContext db, ReleaseReader releases, CancellationToken cancellationToken)
    {
        if (Refuse(context, [OutputFormat.Json]) is { } problem) return problem;
        var dataset = DatasetCatalog.Find(name);
        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        if (dataset is null)
        {
            return RestProblems.NotFound($"No dataset is named '{Problems.Quote(name)}'; the catalogue at /api/v1/datasets lists them.");
        }
        var entry = (await EntriesAsync(context, db, releases, [dataset], cancellationToken))[0];
        var document = new CatalogueEntryDocument(entry, new DocumentMeta(Summary(release)));
        return new JsonBodyResult(OutputFormats.Json, writer => JsonSerializer.Serialize(writer, document, RestOutput.SerializerOptions));
    }

    private static IResult? Refuse(HttpContext context, IReadOnlyList<OutputFormat> formats)
    {
        var negotiated = OutputFormats.Negotiate(context.Request, formats);
        if (negotiated.InvalidReason is not null) return RestProblems.Invalid("format", negotiated.InvalidReason);
        if (negotiated.NotAcceptable) return RestProblems.NotAcceptable(formats.Select(OutputFormats.MediaType));
        return RestProblems.UnknownParameters(context.Request, "the catalogue takes format only", "format");
    }

    private static async Task<List<CatalogueEntry>> EntriesAsync(HttpContext context, OpenDataDbContext db, ReleaseReader releases,
        IEnumerable<IDataset> datasets, CancellationToken cancellationToken)
    {
        var links = RestLinks.For(context);
        var package = DataPackage.Current;
        // As of the current release (ServeAsync returned the data's, which names the body's meta.release).
        var current = context.Features.Get<ServedData>()!.Release;
        var lastModified = await releases.GetDatasetLastModifiedAsync(db, current, cancellationToken);
        var sources = await db.Sources.AsNoTracking()
            .Select(s => new { s.Id, s.Title, s.Publisher, s.Licence, s.Attribution })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var entries = new List<CatalogueEntry>();
        foreach (var dataset in datasets)
        {
            var resource = package.FindResource(dataset.ResourceName);
            var licences = resource is { Licences.Count: > 0 } ? resource.Licences : package.Licences;
            var provenance = new List<CatalogueSource>();
            if (dataset.FindField("source_id") is not null)
            {
                foreach (var id in await dataset.DistinctValuesAsync(db, "source_id", null, cancellationToken))
                {
                    var sourceId = (string)id;
                    var source = sources.GetValueOrDefault(sourceId);
                    provenance.Add(new CatalogueSource(sourceId, source?.Title, source?.Publisher, source?.Licence, source?.Attribution, links.Item("sources", sourceId)));
                }
            }
            entries.Add(new CatalogueEntry(
                dataset.ResourceName,
                dataset.Title,
                dataset.Description,
                dataset.Key.Name,
                licences.Select(l => new CatalogueLicence(l.Name, l.Title, l.Path)).ToList(),
                provenance,
                await dataset.CountAsync(db, null, cancellationToken),
                lastModified.TryGetValue(dataset.ResourceName, out var modified) ? modified : current.ImportedAt,
                dataset.Fields.Select(f => new CatalogueField(
                    f.Name,
                    FieldValues.TypeName(f.Type),
                    f.Description,
                    f.Nullable,
                    f.Sortable,
                    f.Operators.Select(FilterTranslator.OperatorName).ToList(),
                    resource?.FindField(f.Name) is null,
                    f.AllowedValues)).ToList(),
                DatasetCatalog.ReferencesFrom(dataset).Select(r => new CatalogueForeignKey(r.Field.Name, r.To.ResourceName, r.Name, r.Inverse)).ToList(),
                new CatalogueLinks(
                    links.Path("datasets", dataset.Name),
                    links.Path(dataset.Name),
                    BulkCsvLink(links, dataset))));
        }
        return entries;
    }

    /// <summary>The columns of the catalogue as CSV.</summary>
    private static readonly string[] CsvColumns =
        ["name", "title", "description", "key", "row_count", "last_modified", "licences", "licence_urls", "source_ids", "collection", "csv"];

    /// <summary>
    /// The catalogue as CSV, a row per dataset: what a register of datasets needs in a spreadsheet. The lists are
    /// joined with ';' (no licence name, URL or source id holds one); text goes through the export's cell rules
    /// (formula neutralising, RFC 4180 quoting).
    /// </summary>
    private static void WriteCsv(TextWriter writer, IEnumerable<CatalogueEntry> entries)
    {
        RestOutput.WriteCsvRow(writer, CsvColumns);
        foreach (var entry in entries)
        {
            RestOutput.WriteCsvRow(writer,
            [
                RestOutput.CsvField(entry.Name),
                RestOutput.CsvField(entry.Title),
                RestOutput.CsvField(entry.Description),
                RestOutput.CsvField(entry.Key),
                RestOutput.CsvValue(entry.RowCount),
                RestOutput.CsvValue(entry.LastModified),
                RestOutput.CsvField(string.Join(";", entry.Licences.Select(l => l.Name))),
                RestOutput.CsvField(string.Join(";", entry.Licences.Select(l => l.Path ?? ""))),
                RestOutput.CsvField(string.Join(";", entry.Sources.Select(s => s.Id))),
                RestOutput.CsvField(entry.Links.Collection),
                RestOutput.CsvField(entry.Links.Csv),
            ]);
        }
    }

    /// <summary>The OpenAPI example of the CSV: the header and the row of a dataset, written by <see cref="WriteCsv"/>.</summary>
    private static string CsvExample()
    {
        var dataset = RiskDto.Dataset;
        var links = new RestLinks(PathString.Empty);
        var licence = DataPackage.Current.Licences[0];
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteCsv(writer,
        [
            new CatalogueEntry(dataset.ResourceName, dataset.Title, dataset.Description, dataset.Key.Name,
                [new CatalogueLicence(licence.Name, licence.Title, licence.Path)],
                [new CatalogueSource("rbkc-ccsp-2008", null, null, null, null, links.Item("sources", "rbkc-ccsp-2008"))],
                5, new DateTimeOffset(2025, 11, 22, 2, 0, 0, TimeSpan.Zero), [], [],
                new CatalogueLinks(links.Path("datasets", dataset.Name), links.Path(dataset.Name), BulkCsvLink(links, dataset))),
        ]);
        return writer.ToString();
    }

    /// <summary>The link to a dataset's bulk CSV download (see <see cref="BulkCsvQuery"/>).</summary>
    public static string BulkCsvLink(RestLinks links, IDataset dataset) =>
        RestLinks.WithQuery(links.Path(dataset.Name), BulkCsvQuery(dataset));

    /// <summary>The bulk download is the whole dataset, as counted by row_count: for crime figures that includes
    /// the superseded revisions the collection hides by default.</summary>
    private static KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>[] BulkCsvQuery(IDataset dataset) =>
        dataset.Name == CrimeFigureDto.Dataset.Name
            ? [new("format", "csv"), new("include_superseded", "true")]
            : [new("format", "csv")];

    private static ReleaseSummary Summary(ReleaseInfo release) => new() { Id = release.Id, ContentHash = release.ContentHash, ImportedAt = release.ImportedAt };
}

/// <summary>The catalogue: one entry per dataset.</summary>
public sealed record CatalogueDocument(IReadOnlyList<CatalogueEntry> Data, PageLinks Links, DocumentMeta Meta);

/// <summary>One dataset's catalogue entry.</summary>
public sealed record CatalogueEntryDocument(CatalogueEntry Data, DocumentMeta Meta);

/// <summary>A dataset: what it holds, under which licence, from which sources, its fields and where to get it.</summary>
/// <param name="Name">Name as in datapackage.json and every body (crime_figures); the API path spells it with hyphens (links).</param>
/// <param name="Title">Title from datapackage.json.</param>
/// <param name="Description">Description from datapackage.json.</param>
/// <param name="Key">The field that identifies a row (item route: links.collection + /{key}).</param>
/// <param name="Licences">Licences the data is published under.</param>
/// <param name="Sources">Provenance: the sources the rows come from, with the attribution to reproduce.</param>
/// <param name="RowCount">Rows in the current release.</param>
/// <param name="LastModified">When the dataset last changed: the import time of the newest release that changed it.</param>
/// <param name="Fields">Fields in CSV column order (computed fields last).</param>
/// <param name="ForeignKeys">The fields that name a row of another dataset (datapackage.json's foreign keys).</param>
/// <param name="Links">The catalogue entry, the JSON collection and the bulk CSV download.</param>
public sealed record CatalogueEntry(
    string Name, string Title, string Description, string Key,
    IReadOnlyList<CatalogueLicence> Licences, IReadOnlyList<CatalogueSource> Sources,
    long RowCount, DateTimeOffset LastModified,
    IReadOnlyList<CatalogueField> Fields, IReadOnlyList<CatalogueForeignKey> ForeignKeys, CatalogueLinks Links);

/// <summary>A foreign key: <paramref name="Field"/> holds the key of a row of <paramref name="Dataset"/>.</summary>
/// <param name="Field">The field holding the key.</param>
/// <param name="Dataset">The dataset named (its catalogue name).</param>
/// <param name="Rel">The link to the named row in each row's links (GraphQL: the field of that name in camelCase).</param>
/// <param name="InverseRel">The link, in each row of <paramref name="Dataset"/>, to the collection of rows naming it
/// (GraphQL: the connection of that name in camelCase).</param>
public sealed record CatalogueForeignKey(string Field, string Dataset, string Rel, string InverseRel);

/// <param name="Name">Licence identifier.</param>
/// <param name="Title">Licence title.</param>
/// <param name="Path">Where the licence text is.</param>
public sealed record CatalogueLicence(string Name, string? Title, string? Path);

/// <param name="Id">Source id.</param>
/// <param name="Title">Title as published.</param>
/// <param name="Publisher">Publishing body.</param>
/// <param name="Licence">Licence of the source.</param>
/// <param name="Attribution">Attribution statement to reproduce with the data.</param>
/// <param name="Link">The source record.</param>
public sealed record CatalogueSource(string Id, string? Title, string? Publisher, string? Licence, string? Attribution, string Link);

/// <param name="Name">Field name: JSON property, CSV column and filter parameter.</param>
/// <param name="Type">string, integer, number, boolean, date, datetime or json.</param>
/// <param name="Description">From datapackage.json (computed fields: how they are computed).</param>
/// <param name="Nullable">Whether the field may be empty.</param>
/// <param name="Sortable">Whether sort= accepts it.</param>
/// <param name="FilterOperators">Operators accepted as field__op (eq is field=value).</param>
/// <param name="Computed">True for fields the API computes or adds (not columns of the published CSV).</param>
/// <param name="AllowedValues">The closed set of values the field takes (datapackage.json constraints.enum), null when
/// the field is open; an equality filter with any other value is a 400.</param>
public sealed record CatalogueField(string Name, string Type, string Description, bool Nullable, bool Sortable, IReadOnlyList<string> FilterOperators, bool Computed, IReadOnlyList<string>? AllowedValues);

/// <param name="Self">This catalogue entry.</param>
/// <param name="Collection">The JSON collection.</param>
/// <param name="Csv">The whole dataset as CSV (streamed; add filters to cut it down).</param>
public sealed record CatalogueLinks(string Self, string Collection, string Csv);
