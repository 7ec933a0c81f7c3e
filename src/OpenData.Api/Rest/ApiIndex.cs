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
        var unknown = context.Request.Query.Keys.Where(k => k != "format")
            .Select(k => new QueryError(QueryErrorKind.UnknownParameter, k, QueryStringGrammar.UnknownParameterMessage(k, ["format"], "the index takes format only"))).ToList();
        if (unknown.Count > 0) return RestProblems.FromErrors(unknown);
        var release = await RestRelease.ServeAsync(context, db, releases, cancellationToken);
        if (release is null) return RestProblems.NoDataRelease();

        var links = RestLinks.For(context);
        var pathBase = context.Request.PathBase.Value ?? "";
        var datasets = DatasetCatalog.All.Select(d => new IndexDataset(d.ResourceName, d.Title, d.Description,
            new IndexDatasetLinks(links.Path(d.Name), links.Path("datasets", d.Name), DatasetsApi.BulkCsvLink(links, d)))).ToList();
        var document = new ApiIndexDocument(
            new ApiIndexData(datasets, Routes(endpoints, links, pathBase), new IndexDocumentation(
                pathBase + OpenApiDocumentation.DocumentPath,
                pathBase + "/swagger",
                pathBase + graphQL.Value.Path)),
            new IndexLinks(
                pathBase + RestApi.Prefix,
                links.Path("datasets"),
                links.Path("releases"),
                links.Path(ReleaseFeedApi.Path.TrimStart('/'))));
        return new JsonBodyResult(OutputFormats.Json, writer => JsonSerializer.Serialize(writer, document, RestOutput.SerializerOptions));
    }

    /// <summary>
    /// The GET routes under /api/v1 other than the index itself and the registry's collection and item routes
    /// (the datasets list links those), in path order: the special routes, whoever mapped them.
    /// </summary>
    private static List<IndexRoute> Routes(EndpointDataSource endpoints, RestLinks links, string pathBase)
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
            routes.Add(new IndexRoute(name, summary, pathBase + Template(endpoint), templated));
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
public sealed record ApiIndexDocument(ApiIndexData Data, IndexLinks Links);

/// <param name="Datasets">Every dataset, in registry order, with its links.</param>
/// <param name="Routes">Every other route, with its path and summary.</param>
/// <param name="Documentation">Where the API is described.</param>
public sealed record ApiIndexData(IReadOnlyList<IndexDataset> Datasets, IReadOnlyList<IndexRoute> Routes, IndexDocumentation Documentation);

/// <param name="Name" example="crime_figures">Name as in datapackage.json and every body.</param>
/// <param name="Title" example="Crime figures">Title from datapackage.json.</param>
/// <param name="Description" example="Recorded crime per ward and month.">Description from datapackage.json.</param>
/// <param name="Links">The collection, the catalogue entry and the CSV download.</param>
public sealed record IndexDataset(string Name, string Title, string Description, IndexDatasetLinks Links);

/// <param name="Collection" example="/api/v1/crime-figures">The JSON collection (filters, sorting, paging: see the catalogue entry).</param>
/// <param name="Catalogue" example="/api/v1/datasets/crime-figures">The dataset's catalogue entry: fields, types, filters, licence, sources.</param>
/// <param name="Csv" example="/api/v1/crime-figures?format=csv&amp;include_superseded=true">The whole dataset as CSV.</param>
public sealed record IndexDatasetLinks(string Collection, string Catalogue, string Csv);

/// <param name="Name" example="GetAreaBoundary">The operation id in the OpenAPI document.</param>
/// <param name="Summary" example="Get the boundary of an area as a GeoJSON Feature">What the route answers.</param>
/// <param name="Href" example="/api/v1/areas/{code}/boundary">The path; a URI template (RFC 6570) when <paramref name="Templated"/>.</param>
/// <param name="Templated" example="true">Whether <paramref name="Href"/> has {parameters} to fill in.</param>
public sealed record IndexRoute(string? Name, string? Summary, string Href, bool Templated);

/// <param name="Openapi" example="/swagger/v1/swagger.json">The OpenAPI 3 document: every route, parameter and response, with examples.</param>
/// <param name="SwaggerUi" example="/swagger">Swagger UI: the OpenAPI document to read and try in a browser.</param>
/// <param name="Graphql" example="/graphql">The GraphQL endpoint (GraphiQL in a browser).</param>
public sealed record IndexDocumentation(string Openapi, string SwaggerUi, string Graphql);

/// <param name="Self" example="/api/v1">This index.</param>
/// <param name="Catalogue" example="/api/v1/datasets">The dataset catalogue (JSON; CSV with format=csv).</param>
/// <param name="Releases" example="/api/v1/releases">The data releases.</param>
/// <param name="ReleasesFeed" example="/api/v1/releases.atom">The data releases as an Atom feed.</param>
public sealed record IndexLinks(string Self, string Catalogue, string Releases, string ReleasesFeed);
