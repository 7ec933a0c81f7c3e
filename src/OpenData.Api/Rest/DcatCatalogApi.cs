using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>The DCAT catalogue's publisher and contact point. Bound from the "Catalog" configuration section.</summary>
public sealed class DcatCatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>The publisher of the catalogue and of every dataset (foaf:name); the data package's title when not set.</summary>
    public string? PublisherName { get; set; }

    /// <summary>Who a harvester or a reader writes to about the data (the contact point's vcard:fn).</summary>
    public string ContactName { get; set; } = "OpenData maintainers";

    /// <summary>The contact point's e-mail address (vcard:hasEmail, as a mailto: URI); none when empty.</summary>
    public string? ContactEmail { get; set; } = "opendata@opendata.example";

    /// <summary>The contact point's web page (vcard:hasURL), e.g. an issue tracker; none when empty.</summary>
    public string? ContactUrl { get; set; }

    /// <summary>Keywords of every dataset (dcat:keyword), besides its title: datapackage.json publishes none, and a
    /// portal's search facets on them. <see cref="DefaultKeywords"/> when not set (null rather than a default array:
    /// the configuration binder appends to an array it finds, so configured keywords would never replace these).</summary>
    public string[]? Keywords { get; set; }

    public static readonly IReadOnlyList<string> DefaultKeywords = ["community safety", "crime", "Kensington and Chelsea"];

    /// <summary>
    /// The absolute base of the catalogue's IRIs (e.g. <c>https://data.example.org</c>, with any path the API is
    /// mounted below). When not set they are built from the request (scheme, Host and PathBase; the scheme from
    /// X-Forwarded-Proto only behind a proxy listed in ForwardedHeaders). Set it where the Host header a client
    /// sends is not the public name.
    /// </summary>
    public string? BaseUrl { get; set; }
}

/// <summary>
/// <c>/api/v1/catalog</c>: the datasets as a DCAT-AP catalogue in JSON-LD, for a publication scheme or a portal
/// (data.gov.uk, a CKAN) to harvest. Built from the registry (titles, descriptions, licences from datapackage.json)
/// and the store: each dataset's <c>dct:modified</c> is the one <c>/api/v1/datasets</c> reports (the import time of
/// the newest release that changed its rows), its sources are the rows' <c>source_id</c>s, its temporal coverage the
/// span of its period fields (else its sources' periods) and its spatial coverage its sources' areas.
/// </summary>
public static class DcatCatalogApi
{
    public const string MediaType = "application/ld+json";
    public const string Path = "/catalog";

    /// <summary>ONS's linked-data URI of a GSS code (E09000020: Kensington and Chelsea).</summary>
    private const string StatisticalGeography = "http://statistics.data.gov.uk/id/statistical-geography/";

    private const string IanaMediaTypes = "http://www.iana.org/assignments/media-types/";

    /// <summary>The EU file-type vocabulary DCAT-AP names for dct:format.</summary>
    private const string FileTypes = "http://publications.europa.eu/resource/authority/file-type/";

    public static IServiceCollection AddDcatCatalog(this IServiceCollection services)
    {
        services.AddOptions<DcatCatalogOptions>().BindConfiguration(DcatCatalogOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ContactName), "Catalog:ContactName must not be empty.")
            .Validate(o => (o.Keywords ?? []).All(k => !string.IsNullOrWhiteSpace(k)), "Catalog:Keywords must not hold empty keywords.")
            .Validate(o => string.IsNullOrEmpty(o.ContactEmail) || (o.ContactEmail.Contains('@', StringComparison.Ordinal) && !o.ContactEmail.Contains(':', StringComparison.Ordinal)),
                "Catalog:ContactEmail must be an e-mail address (without mailto:).")
            .Validate(o => string.IsNullOrEmpty(o.ContactUrl) || IsHttpUrl(o.ContactUrl), "Catalog:ContactUrl must be an absolute http(s) URL.")
            .Validate(o => string.IsNullOrEmpty(o.BaseUrl) || (IsHttpUrl(o.BaseUrl) && !o.BaseUrl.Contains('?', StringComparison.Ordinal)),
                "Catalog:BaseUrl must be an absolute http(s) URL without a query (e.g. https://data.example.org).")
            .ValidateOnStart();
        return services;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static RouteGroupBuilder MapDcatCatalog(this RouteGroupBuilder group)
    {
        group.MapGet(Path, CatalogAsync)
            // Every dataset's dct:modified, and the sources' titles and periods.
            .Reads([.. DatasetCatalog.All.Select(d => d.ResourceName)])
            // Reads every dataset's periods and sources, and its body depends on the request's host, so the response
            // cache cannot hold it for everyone: priced and admitted as heavy work.
            .WithRequestCost(RequestCost.Heavy)
            .RequireAdmission()
            .WithName("GetDcatCatalog")
            .WithSummary("Harvest the catalogue (DCAT-AP, JSON-LD)")
            .WithDescription("The datasets as a DCAT-AP catalogue in JSON-LD, with its @context inline: a dcat:Catalog with a dcat:Dataset per dataset "
                + "(title, description, identifier, publisher, licence URI, dct:modified: when that dataset's rows last changed, temporal coverage from its period fields or its sources' periods, "
                + "spatial coverage as ONS statistical-geography URIs of its sources' areas, keywords, contact point, its source documents as dct:source) "
                + "and a dcat:Distribution per format (CSV, JSON, and GeoJSON for areas) with download URL, IANA media type and licence. "
                + "IRIs are absolute, built from the request's scheme, host and path base (or Catalog:BaseUrl). "
                + "Served as application/ld+json (which Accept: application/json covers); any other Accept is a 406. The catalogue takes no parameters.")
            .WithTags(DatasetsApi.Tag)
            // A JSON-LD object, as the example shows; its shape is DCAT-AP's, checked by expanding it (DcatCatalogTests).
            .Produces<Dictionary<string, object>>(StatusCodes.Status200OK, MediaType)
            .WithResponseExample(MediaType, Example())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<IResult> CatalogAsync(HttpContext context, OpenDataDbContext db, ReleaseReader releases,
        IOptions<DcatCatalogOptions> options, CancellationToken cancellationToken)
    {
        if (RestProblems.UnknownParameters(context.Request, "the catalogue takes no parameters") is { } unknown) return unknown;
        // JSON-LD is JSON: Accept: application/json covers application/ld+json (the +json suffix, RFC 6839), as the
        // platform's matching has it, so a harvester asking for JSON gets the document.
        if (!ContentNegotiation.IsAcceptable(context.Request.Headers.Accept, [MediaType])) return RestProblems.NotAcceptable([MediaType]);

        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();
        var current = context.Features.Get<ServedData>()!.Release;
        var lastModified = await releases.GetDatasetLastModifiedAsync(db, current, cancellationToken);
        var sources = await db.Sources.AsNoTracking()
            .Select(s => new DcatSource(s.Id, s.Title, s.Publisher, s.PeriodStart, s.PeriodEnd, s.AreaCode))
            .ToDictionaryAsync(s => s.Id, cancellationToken);

        var datasets = new List<DcatDataset>();
        foreach (var dataset in DatasetCatalog.All)
        {
            var used = new List<DcatSource>();
            if (dataset.FindField("source_id") is not null)
            {
                foreach (var id in await dataset.DistinctValuesAsync(db, "source_id", null, cancellationToken))
                {
                    if (sources.TryGetValue((string)id, out var source)) used.Add(source);
                }
            }
            else if (dataset.ResourceName == SourceDto.Dataset.ResourceName)
            {
                used.AddRange(sources.Values.OrderBy(s => s.Id, StringComparer.Ordinal));
            }
            var (start, end) = await PeriodAsync(db, dataset, cancellationToken);
            start ??= Min(used.Select(s => s.PeriodStart));
            end ??= Max(used.Select(s => s.PeriodEnd));
            datasets.Add(new DcatDataset(dataset,
                lastModified.TryGetValue(dataset.ResourceName, out var modified) ? modified : current.ImportedAt,
                start, end, used));
        }

        var document = Catalog(BaseUrl(context, options.Value), options.Value, datasets, current.ImportedAt);
        return new JsonBodyResult(MediaType, writer => document.WriteTo(writer));
    }

    /// <summary>The span of a dataset's own period_start / period_end fields, when it has them (a distinct-values
    /// query each: a few dozen dates at most).</summary>
    private static async Task<(DateOnly? Start, DateOnly? End)> PeriodAsync(OpenDataDbContext db, IDataset dataset, CancellationToken cancellationToken)
    {
        if (dataset.ResourceName == SourceDto.Dataset.ResourceName) return (null, null);
        DateOnly? start = null, end = null;
        if (dataset.FindField("period_start") is not null)
        {
            start = Min((await dataset.DistinctValuesAsync(db, "period_start", null, cancellationToken)).Select(AsDate));
        }
        if (dataset.FindField("period_end") is not null)
        {
            end = Max((await dataset.DistinctValuesAsync(db, "period_end", null, cancellationToken)).Select(AsDate));
        }
        return (start, end);
    }

    private static DateOnly? AsDate(object? value) => value switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        string text when DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed) => parsed,
        _ => null,
    };

    private static DateOnly? Min(IEnumerable<DateOnly?> dates) => dates.Where(d => d.HasValue).DefaultIfEmpty().Min();

    private static DateOnly? Max(IEnumerable<DateOnly?> dates) => dates.Where(d => d.HasValue).DefaultIfEmpty().Max();

    /// <summary>A source as the catalogue names it.</summary>
    public sealed record DcatSource(string Id, string Title, string Publisher, DateOnly? PeriodStart, DateOnly? PeriodEnd, string AreaCode);

    /// <summary>A dataset with what the store says of it.</summary>
    public sealed record DcatDataset(IDataset Dataset, DateTimeOffset Modified, DateOnly? Start, DateOnly? End, IReadOnlyList<DcatSource> Sources);

    /// <summary>
    /// scheme://host + PathBase, or the configured base. The Host header is the client's, so the body is never put in
    /// the shared response cache (this route does not negotiate through it) and a deployment that must not echo it
    /// sets Catalog:BaseUrl.
    /// </summary>
    private static string BaseUrl(HttpContext context, DcatCatalogOptions options) =>
        !string.IsNullOrEmpty(options.BaseUrl)
            ? options.BaseUrl.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host.ToUriComponent()}{context.Request.PathBase.ToUriComponent()}";

    /// <summary>The inline @context: DCAT-AP's prefixes, and the properties whose values are IRIs or typed literals.</summary>
    private static JsonObject Context() => new()
    {
        ["dcat"] = "http://www.w3.org/ns/dcat#",
        ["dct"] = "http://purl.org/dc/terms/",
        ["foaf"] = "http://xmlns.com/foaf/0.1/",
        ["vcard"] = "http://www.w3.org/2006/vcard/ns#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["dcat:dataset"] = new JsonObject { ["@type"] = "@id" },
        ["dcat:distribution"] = new JsonObject { ["@type"] = "@id" },
        ["dcat:accessURL"] = new JsonObject { ["@type"] = "@id" },
        ["dcat:downloadURL"] = new JsonObject { ["@type"] = "@id" },
        ["dcat:mediaType"] = new JsonObject { ["@type"] = "@id" },
        ["dcat:landingPage"] = new JsonObject { ["@type"] = "@id" },
        ["foaf:homepage"] = new JsonObject { ["@type"] = "@id" },
        ["dct:format"] = new JsonObject { ["@type"] = "@id" },
        ["dct:license"] = new JsonObject { ["@type"] = "@id" },
        ["dct:spatial"] = new JsonObject { ["@type"] = "@id" },
        ["dct:source"] = new JsonObject { ["@type"] = "@id" },
        ["vcard:hasEmail"] = new JsonObject { ["@type"] = "@id" },
        ["vcard:hasURL"] = new JsonObject { ["@type"] = "@id" },
        ["dct:modified"] = new JsonObject { ["@type"] = "xsd:dateTime" },
        ["dcat:startDate"] = new JsonObject { ["@type"] = "xsd:date" },
        ["dcat:endDate"] = new JsonObject { ["@type"] = "xsd:date" },
    };

    /// <summary>The catalogue document. <paramref name="baseUrl"/>: scheme://host plus any path base.</summary>
    public static JsonObject Catalog(string baseUrl, DcatCatalogOptions options, IReadOnlyList<DcatDataset> datasets, DateTimeOffset releaseImportedAt)
    {
        var package = DataPackage.Current;
        var links = new RestLinks(PathString.Empty);
        string Absolute(string path) => baseUrl + path;
        var publisher = options.PublisherName ?? package.Title;
        var catalogLicence = LicenceUri(package.Licences);
        return new JsonObject
        {
            ["@context"] = Context(),
            ["@id"] = Absolute(links.Path("catalog")),
            ["@type"] = "dcat:Catalog",
            ["dct:title"] = package.Title,
            ["dct:description"] = package.Description,
            ["dct:publisher"] = Agent(publisher),
            ["dct:license"] = catalogLicence,
            ["foaf:homepage"] = Absolute(links.Path()[..^1]),
            ["dct:modified"] = Instant(datasets.Count > 0 ? datasets.Max(d => d.Modified) : releaseImportedAt),
            ["dcat:dataset"] = new JsonArray([.. datasets.Select(d => (JsonNode)Dataset(Absolute, links, options, publisher, catalogLicence, d))]),
        };
    }

    private static JsonObject Dataset(Func<string, string> absolute, RestLinks links, DcatCatalogOptions options, string publisher,
        string? catalogLicence, DcatDataset entry)
    {
        var dataset = entry.Dataset;
        var resource = DataPackage.Current.FindResource(dataset.ResourceName);
        var licence = resource is { Licences.Count: > 0 } ? LicenceUri(resource.Licences) ?? catalogLicence : catalogLicence;
        var page = absolute(links.Path("datasets", dataset.Name));
        var node = new JsonObject
        {
            ["@id"] = page,
            ["@type"] = "dcat:Dataset",
            ["dct:identifier"] = dataset.ResourceName,
            ["dct:title"] = dataset.Title,
            ["dct:description"] = dataset.Description,
            ["dct:publisher"] = Agent(publisher),
            ["dct:license"] = licence,
            ["dct:modified"] = Instant(entry.Modified),
            ["dcat:landingPage"] = page,
            ["dcat:keyword"] = new JsonArray([.. Keywords(options, dataset).Select(k => (JsonNode)k)]),
            ["dcat:contactPoint"] = Contact(options),
        };
        if (entry.Start is not null || entry.End is not null)
        {
            var period = new JsonObject { ["@type"] = "dct:PeriodOfTime" };
            if (entry.Start is { } start) period["dcat:startDate"] = FieldValues.Format(start);
            if (entry.End is { } end) period["dcat:endDate"] = FieldValues.Format(end);
            node["dct:temporal"] = period;
        }
        var areas = entry.Sources.Select(s => s.AreaCode).Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (areas.Count > 0) node["dct:spatial"] = new JsonArray([.. areas.Select(c => (JsonNode)(StatisticalGeography + c))]);
        if (entry.Sources.Count > 0) node["dct:source"] = new JsonArray([.. entry.Sources.Select(s => (JsonNode)absolute(links.Item("sources", s.Id)))]);
        node["dcat:distribution"] = new JsonArray([.. Distributions(absolute, links, dataset, licence)]);
        return node;
    }

    /// <summary>CSV (the bulk download), JSON (the collection) and, for datasets with geometry, GeoJSON.</summary>
    private static IEnumerable<JsonNode> Distributions(Func<string, string> absolute, RestLinks links, IDataset dataset, string? licence)
    {
        var collection = absolute(links.Path(dataset.Name));
        yield return Distribution(collection + "#csv", $"{dataset.Title} (CSV)", absolute(DatasetsApi.BulkCsvLink(links, dataset)), collection, "text/csv", "CSV", licence);
        yield return Distribution(collection + "#json", $"{dataset.Title} (JSON)", absolute(links.Path(dataset.Name)), collection, "application/json", "JSON", licence);
        // Areas are the one dataset with geometry (AreasApi serves its collection as GeoJSON).
        if (dataset.ResourceName == AreaDto.Dataset.ResourceName)
        {
            yield return Distribution(collection + "#geojson", $"{dataset.Title} (GeoJSON)",
                absolute(links.Collection(dataset.Name, ("format", "geojson"))), collection, "application/geo+json", "GEOJSON", licence);
        }
    }

    private static JsonObject Distribution(string id, string title, string download, string access, string mediaType, string format, string? licence) => new()
    {
        ["@id"] = id,
        ["@type"] = "dcat:Distribution",
        ["dct:title"] = title,
        ["dcat:accessURL"] = access,
        ["dcat:downloadURL"] = download,
        ["dcat:mediaType"] = IanaMediaTypes + mediaType,
        ["dct:format"] = FileTypes + format,
        ["dct:license"] = licence,
    };

    /// <summary>The configured keywords and the dataset's title (no keyword list is published in datapackage.json).</summary>
    private static IEnumerable<string> Keywords(DcatCatalogOptions options, IDataset dataset) =>
        (options.Keywords ?? DcatCatalogOptions.DefaultKeywords).Append(dataset.Title).Distinct(StringComparer.OrdinalIgnoreCase);

    private static JsonObject Agent(string name) => new() { ["@type"] = "foaf:Agent", ["foaf:name"] = name };

    private static JsonObject Contact(DcatCatalogOptions options)
    {
        var contact = new JsonObject { ["@type"] = "vcard:Kind", ["vcard:fn"] = options.ContactName };
        if (!string.IsNullOrEmpty(options.ContactEmail)) contact["vcard:hasEmail"] = "mailto:" + options.ContactEmail;
        if (!string.IsNullOrEmpty(options.ContactUrl)) contact["vcard:hasURL"] = options.ContactUrl;
        return contact;
    }

    /// <summary>The licence's URI: its path in datapackage.json, or for a licence named only by id, the package's
    /// licence of that name (mps_ward_crime lists OGL-UK-3.0 by name).</summary>
    private static string? LicenceUri(IReadOnlyList<PackageLicence> licences)
    {
        var licence = licences.Count > 0 ? licences[0] : null;
        return licence?.Path ?? DataPackage.Current.Licences.FirstOrDefault(l => l.Name == licence?.Name)?.Path;
    }

    private static string Instant(DateTimeOffset value) => FieldValues.FormatInstant(value);

    /// <summary>The OpenAPI example: the catalogue with one dataset, written by the code that writes the real one.</summary>
    private static string Example()
    {
        var source = new DcatSource("rbkc-ccsp-2008", "Kensington and Chelsea Community Safety Plan 2008-11", "RBKC",
            new DateOnly(2008, 4, 1), new DateOnly(2011, 3, 31), "E09000020");
        var document = Catalog("https://data.example.org", new DcatCatalogOptions(),
            [new DcatDataset(TargetDto.Dataset, new DateTimeOffset(2025, 11, 22, 2, 0, 0, TimeSpan.Zero), source.PeriodStart, source.PeriodEnd, [source])],
            new DateTimeOffset(2025, 11, 22, 2, 0, 0, TimeSpan.Zero));
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
