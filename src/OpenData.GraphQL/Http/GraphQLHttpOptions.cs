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

    /// Called once per request after the document is parsed, validated and its limits checked, before execution, with the operation's computed cost.
    public Func<HttpContext, long, CancellationToken, ValueTask<GraphQLAdmission>>? Admit { get; set; }
}

/// <summary>
/// The answer of <see cref="GraphQLHttpOptions.Admit"/>: either admitted, with an optional lease that the endpoint
/// holds until the response is written (then disposes), or rejected with the response to send instead (nothing is
/// executed).
/// </summary>
/// <param name="Lease">Held while the request executes and its response is written; disposed afterwards.</param>
/// <param name="Rejection">When set, the response sent instead of executing the request (e.g. a 429 or 503 problem with Retry-After).</param>
public readonly record struct GraphQLAdmission(IDisposable? Lease, IResult? Rejection)
{
    /// <summary>Execute the request, holding <paramref name="lease"/> (if any) until its response is written.</summary>
    public static GraphQLAdmission Admitted(IDisposable? lease = null) => new(lease, null);

    /// <summary>Do not execute the request; send <paramref name="rejection"/> instead.</summary>
    public static GraphQLAdmission Rejected(IResult rejection) => new(null, rejection);
}
