using Microsoft.AspNetCore.Http;

namespace OpenData.GraphQL.Http;

/// <summary>Options of the GraphQL-over-HTTP endpoint mapped by <see cref="GraphQLEndpointRouteBuilderExtensions.MapGraphQL(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string, Execution.GraphQLEngine, Action{GraphQLHttpOptions}?)"/>.</summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>Serve the GraphiQL page to browsers (GET, Accept: text/html, no query). Default true.</summary>
    public bool EnableGraphiQL { get; set; } = true;

    /// <summary>Title of the GraphiQL page.</summary>
    public string GraphiQLTitle { get; set; } = "GraphiQL";

    /// <summary>The query GraphiQL's editor opens with when the browser has none saved; null: GraphiQL's welcome text.</summary>
    public string? GraphiQLDefaultQuery { get; set; }

    /// <summary>Accept GET requests with the query in the URL (default true). Mutations are never run over GET.</summary>
    public bool EnableGetRequests { get; set; } = true;

    /// <summary>Maximum size of a POST body in bytes (default 1 MiB); larger bodies get 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Creates the per-request execution options (services, items, user context, root value, cancellation).
    /// Default: RequestServices = HttpContext.RequestServices, CancellationToken = RequestAborted and
    /// UserContext from <see cref="UserContextFactory"/>.
    /// </summary>
    public Func<HttpContext, Execution.ExecutionOptions>? ExecutionOptionsFactory { get; set; }

    /// <summary>Creates the user context object passed to resolvers (<see cref="Execution.FieldContext.UserContext"/>); default: the HttpContext.</summary>
    public Func<HttpContext, object?>? UserContextFactory { get; set; }
}
