using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using OpenData.Api.GraphQL;
using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>
/// <c>/api/v1</c>: where to start. Every dataset (from the registry) with its collection and catalogue entry, every
/// other route (from the routing table, so a new route is listed without being added here) with its summary, and
/// the documentation. A client that follows links needs no other URL.
/// </summary>
public static class ApiIndex
{
    public static RouteGroupBuilder MapApiIndex(this RouteGroupBuilder group)
    {
        group.MapGet("", IndexAsync)
            // No dataset's rows: the body comes from this build (the registry and routes), so the validators move
            // with each release (the default for a route that reads none) and with each deployment.
            .Reads()
            .WithName("GetApiIndex")
            .WithSummary("Start here: the API's resources and documentation")
            .WithDescription("The entry point of /api/v1: every dataset with its title and links to its collection, its catalogue entry and its CSV; "
                + "every other route (the catalogue, the crime-figure series, aggregates and map, area boundaries, release changes and the release feed, ...) "
                + "with its path (a URI template when it has {parameters}) and summary; and the documentation: the OpenAPI document, Swagger UI and the GraphQL endpoint. "
                + "The datasets come from the dataset registry and the routes from the routing table, so the index lists whatever this deployment serves.")
            .WithTags(DatasetsApi.Tag)
            .Produces<ApiIndexDocument>(StatusCodes.Status200OK, OutputFormats.Json)
            .WithResponseExample(OutputFormats.Json, Example())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithQueryParameter("format", "json (the only format of the index).", "json");
        return group;
    }

    private static async Task<IResult> IndexAsync(HttpContext context, OpenDataDbContext db, ReleaseReader releases,
        EndpointDataSource endpoints, IOptions<GraphQLOptions> graphQL, CancellationToken cancellationToken)
    {
        var negotiated = OutputFormats.Negotiate(context.Request, [OutputFormat.Json]);
        if (negotiated.InvalidReason is not null) return RestProblems.Invalid("format", negotiated.InvalidReason);
        if (negotiated.NotAcceptable) return RestProblems.NotAcceptable([OutputFormats.Json]);
        if (RestProblems.UnknownParameters(context.Request, "the index takes format only", "format") is { } unknown) return unknown;
        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();

        var pathBase = context.Request.PathBase.Value ?? "";
        var document = Document(pathBase, DatasetCatalog.All, Routes(endpoints, pathBase), graphQL.Value.Path);
        return new JsonBodyResult(OutputFormats.Json, writer => JsonSerializer.Serialize(writer, document, RestOutput.SerializerOptions));
    }

    private static ApiIndexDocument Document(string pathBase, IEnumerable<IDataset> datasets, IReadOnlyList<IndexRoute> routes, string graphQLPath)
    {
        var links = new RestLinks(pathBase);
        return new ApiIndexDocument
        {
            Data = new ApiIndexData
            {
                Datasets = [.. datasets.Select(d => new IndexDataset
                {
                    Name = d.ResourceName,
                    Title = d.Title,
                    Description = d.Description,
                    Links = new IndexDatasetLinks
                    {
                        Collection = links.Path(d.Name),
                        Catalogue = links.Path("datasets", d.Name),
                        Csv = DatasetsApi.BulkCsvLink(links, d),
                    },
                })],
                Routes = routes,
                Documentation = new IndexDocumentation
                {
                    Openapi = pathBase + OpenApiDocumentation.DocumentPath,
                    SwaggerUi = pathBase + "/swagger",
                    Graphql = pathBase + graphQLPath,
                },
            },
            Links = new IndexLinks
            {
                Self = pathBase + RestApi.Prefix,
                Catalogue = links.Path("datasets"),
                Releases = links.Path("releases"),
                ReleasesFeed = links.Path(ReleaseFeedApi.Path.TrimStart('/')),
                DcatCatalog = links.Path(DcatCatalogApi.Path.TrimStart('/')),
            },
        };
    }

    /// <summary>The OpenAPI example: the index as written, for two datasets of the registry and two routes.</summary>
    private static string Example() =>
        JsonSerializer.Serialize(Document("", DatasetCatalog.All.Take(2),
        [
            new IndexRoute { Name = "GetAreaBoundary", Summary = "Get the boundary of an area as a GeoJSON Feature", Href = RestApi.Prefix + "/areas/{code}/boundary", Templated = true },
            new IndexRoute { Name = "GetReleaseFeed", Summary = "Follow the data releases (Atom feed)", Href = RestApi.Prefix + ReleaseFeedApi.Path, Templated = false },
        ], new GraphQLOptions().Path), RestOutput.SerializerOptions);

    /// <summary>
    /// The GET routes under /api/v1 other than the index itself and the registry's collection and item routes
    /// (the datasets list links those), in path order: the special routes, whoever mapped them.
    /// </summary>
    private static List<IndexRoute> Routes(EndpointDataSource endpoints, string pathBase)
    {
        var generated = DatasetCatalog.All
            .SelectMany(d => new[] { $"{RestApi.Prefix}/{d.Name}", $"{RestApi.Prefix}/{d.Name}/{{{d.Key.Name}}}" })
            .ToHashSet(StringComparer.Ordinal);
        var routes = new List<IndexRoute>();
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (!pattern.StartsWith(RestApi.Prefix + "/", StringComparison.Ordinal)) continue;
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) != true) continue;
            if (generated.Contains(Template(endpoint))) continue;
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            var summary = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary;
            var templated = endpoint.RoutePattern.Parameters.Count > 0;
            routes.Add(new IndexRoute { Name = name, Summary = summary, Href = pathBase + Template(endpoint), Templated = templated });
        }
        return [.. routes.OrderBy(r => r.Href, StringComparer.Ordinal)];
    }

    /// <summary>The path with parameters as {name} (RFC 6570 level 1), constraints dropped.</summary>
    private static string Template(RouteEndpoint endpoint) =>
        "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
}

/// <summary>The API's entry point.</summary>
public sealed class ApiIndexDocument
{
    public required ApiIndexData Data { get; init; }

    public required IndexLinks Links { get; init; }
}

public sealed class ApiIndexData
{
    /// <summary>Every dataset, in registry order, with its links.</summary>
    public required IReadOnlyList<IndexDataset> Datasets { get; init; }

    /// <summary>Every other route, with its path and summary.</summary>
    public required IReadOnlyList<IndexRoute> Routes { get; init; }

    /// <summary>Where the API is described.</summary>
    public required IndexDocumentation Documentation { get; init; }
}

public sealed class IndexDataset
{
    /// <summary>Name as in datapackage.json and every body.</summary>
    /// <example>crime_figures</example>
    public required string Name { get; init; }

    /// <summary>Title from datapackage.json.</summary>
    /// <example>Crime figures</example>
    public required string Title { get; init; }

    /// <summary>Description from datapackage.json.</summary>
    public required string Description { get; init; }

    public required IndexDatasetLinks Links { get; init; }
}

public sealed class IndexDatasetLinks
{
    /// <summary>The JSON collection (filters, sorting, paging: see the catalogue entry).</summary>
    /// <example>/api/v1/crime-figures</example>
    public required string Collection { get; init; }

    /// <summary>The dataset's catalogue entry: fields, types, filters, licence, sources.</summary>
    /// <example>/api/v1/datasets/crime-figures</example>
    public required string Catalogue { get; init; }

    /// <summary>The whole dataset as CSV.</summary>
    /// <example>/api/v1/crime-figures?format=csv&amp;include_superseded=true</example>
    public required string Csv { get; init; }
}

public sealed class IndexRoute
{
    /// <summary>The operation id in the OpenAPI document.</summary>
    /// <example>GetAreaBoundary</example>
    public string? Name { get; init; }

    /// <summary>What the route answers.</summary>
    /// <example>Get the boundary of an area as a GeoJSON Feature</example>
    public string? Summary { get; init; }

    /// <summary>The path; a URI template (RFC 6570) when templated.</summary>
    /// <example>/api/v1/areas/{code}/boundary</example>
    public required string Href { get; init; }

    /// <summary>Whether href has {parameters} to fill in.</summary>
    /// <example>true</example>
    public bool Templated { get; init; }
}

public sealed class IndexDocumentation
{
    /// <summary>The OpenAPI 3 document: every route, parameter and response, with examples.</summary>
    /// <example>/swagger/v1/swagger.json</example>
    public required string Openapi { get; init; }

    /// <summary>Swagger UI: the OpenAPI document to read and try in a browser.</summary>
    /// <example>/swagger</example>
    public required string SwaggerUi { get; init; }

    /// <summary>The GraphQL endpoint (GraphiQL in a browser).</summary>
    /// <example>/graphql</example>
    public required string Graphql { get; init; }
}

public sealed class IndexLinks
{
    /// <summary>This index.</summary>
    /// <example>/api/v1</example>
    public required string Self { get; init; }

    /// <summary>The dataset catalogue (JSON; CSV with format=csv).</summary>
    /// <example>/api/v1/datasets</example>
    public required string Catalogue { get; init; }

    /// <summary>The data releases.</summary>
    /// <example>/api/v1/releases</example>
    public required string Releases { get; init; }

    /// <summary>The data releases as an Atom feed.</summary>
    /// <example>/api/v1/releases.atom</example>
    public required string ReleasesFeed { get; init; }

    /// <summary>The dataset catalogue as DCAT-AP JSON-LD, for harvesters.</summary>
    /// <example>/api/v1/catalog</example>
    public required string DcatCatalog { get; init; }
}
