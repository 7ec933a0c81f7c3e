using Microsoft.Extensions.Options;
using OpenData.Api.Http;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Http;
using OpenData.Query;

namespace OpenData.Api.GraphQL;

/// <summary>Limits of the GraphQL endpoint. Bound from the "GraphQL" configuration section.</summary>
public sealed class GraphQLOptions
{
    public const string Section = "GraphQL";

    /// <summary>Path of the endpoint (POST and GET; GraphiQL for browsers).</summary>
    public string Path { get; set; } = "/graphql";

    /// <summary>Serve the GraphiQL page to browsers that GET the endpoint.</summary>
    public bool EnableGraphiQL { get; set; } = true;

    /// <summary>Longest document accepted, in characters.</summary>
    public int MaxDocumentLength { get; set; } = 50_000;

    /// <summary>Deepest field nesting accepted (the standard introspection query needs 13).</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>Most aliased fields one operation executes, fragments expanded (an alias in a fragment spread twice counts twice).</summary>
    public int MaxAliases { get; set; } = 50;

    /// <summary>
    /// Highest estimated cost, fragments expanded: every field costs 1 (crimeSeries, which computes a series, costs
    /// more: see CrimeFigureGraph), a connection multiplies its nodes' cost by its first/last (default page size
    /// when absent), and introspection counts one per value of its answer. Keeps one request from reading the whole
    /// store many times over.
    /// </summary>
    public long MaxCost { get; set; } = 100_000;

    /// <summary>Longest a request may execute, in seconds; checked for every field and list item, and passed to the database.</summary>
    public int ExecutionTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Most values in one result (every field and list item counts one); beyond it execution stops with
    /// RESPONSE_TOO_LARGE. 1000 rows with 30 fields each are about 31,000.
    /// </summary>
    public int MaxResultNodes { get; set; } = 1_000_000;

    /// <summary>Largest estimated JSON size of one result, in megabytes; beyond it execution stops with RESPONSE_TOO_LARGE.</summary>
    public int MaxResponseMegabytes { get; set; } = 32;

    /// <summary>Memory the cache of parsed and validated documents may hold, in megabytes (an upper estimate, keys included).</summary>
    public int DocumentCacheMegabytes { get; set; } = 16;

    /// <summary>Longest document the cache keeps, in kilobytes of text; longer ones are parsed and validated on every request.</summary>
    public int DocumentCacheMaxEntryKilobytes { get; set; } = 32;

    /// <summary>
    /// Estimated cost from which an operation is heavy work: it waits for a slot of the admission gate
    /// (Admission:*) like REST's aggregates and exports, and is turned away with 503 SERVER_BUSY when the queue is
    /// full. The default admits any crimeSeries (15,000) and a page of 1000 rows with several fields.
    /// </summary>
    public long AdmissionCost { get; set; } = 10_000;
}

/// <summary>Registers and maps the GraphQL front door: the domain schema over the engine in OpenData.GraphQL.</summary>
public static class GraphQLHosting
{
    /// <summary>The options and one engine (schema built once, documents cached) for the app's lifetime.</summary>
    public static IServiceCollection AddOpenDataGraphQL(this IServiceCollection services)
    {
        services.AddOptions<GraphQLOptions>().BindConfiguration(GraphQLOptions.Section)
            .Validate(o => o.MaxDocumentLength > 0 && o.MaxDepth > 0 && o.MaxAliases >= 0 && o.MaxCost > 0 && o.ExecutionTimeoutSeconds > 0
                    && o.MaxResultNodes > 0 && o.MaxResponseMegabytes > 0 && o.DocumentCacheMegabytes >= 0 && o.DocumentCacheMaxEntryKilobytes >= 0 && o.AdmissionCost >= 0,
                "GraphQL options: limits must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<GraphQLOptions>>().Value;
            var query = provider.GetRequiredService<IOptions<QueryOptions>>().Value;
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("OpenData.Api.GraphQL");
            return new GraphQLEngine(GraphQLSchemaFactory.Create(query), new GraphQLEngineOptions
            {
                Limits = new GraphQLLimits
                {
                    MaxDocumentLength = options.MaxDocumentLength,
                    MaxDepth = options.MaxDepth,
                    MaxAliases = options.MaxAliases,
                    MaxCost = options.MaxCost,
                    DefaultListSize = query.DefaultPageSize,
                    ExecutionTimeout = TimeSpan.FromSeconds(options.ExecutionTimeoutSeconds),
                    MaxResultNodes = options.MaxResultNodes,
                    MaxResponseBytes = (long)options.MaxResponseMegabytes * 1024 * 1024,
                },
                DocumentCacheMegabytes = options.DocumentCacheMegabytes,
                DocumentCacheMaxEntryKilobytes = options.DocumentCacheMaxEntryKilobytes,
                OnUnexpectedError = (exception, context) =>
                {
                    // A statement interrupted because its request was cancelled (client gone, time out) is expected.
                    if (exception is System.Data.Common.DbException && context is { CancellationToken.IsCancellationRequested: true }) return;
                    logger.LogError(exception, "Unexpected error in GraphQL field {Field} at {Path}",
                        context is null ? "(default resolver)" : context.ParentType.Name + "." + context.FieldDefinition.Name, context?.Path.ToString());
                },
            });
        });
        return services;
    }

    /// <summary>
    /// Maps the GraphQL endpoint (GET and POST at <see cref="GraphQLOptions.Path"/>, GraphQL over HTTP) and the
    /// GraphiQL page. Requires <see cref="AddOpenDataGraphQL"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapOpenDataGraphQL(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<GraphQLOptions>>().Value;
        var engine = endpoints.ServiceProvider.GetRequiredService<GraphQLEngine>();
        var builder = endpoints.MapGraphQL(options.Path, engine, http =>
        {
            http.EnableGraphiQL = options.EnableGraphiQL;
            http.GraphiQLTitle = "OpenData GraphQL";
            http.GraphiQLDefaultQuery = GraphQLSchemaFactory.ExampleQuery;
            http.Admit = (context, cost, cancellationToken) => GraphQLRequestAdmission.AdmitAsync(context, cost, options.AdmissionCost, cancellationToken);
        });
        // Queries only: GET and POST. Routing answers any other method with 405 (a problem, with Allow).
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && route.RoutePattern.RawText == options.Path)
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Post]));
                // A request whose client leaves, or whose execution timeout fires, stops its running SQLite statement
                // too. The time limit is the engine's own (a GraphQL TIMEOUT error); the gate's slot is taken by cost, in Admit above.
                endpoint.Metadata.Add(new AdmissionMetadata(HeavyWork.Compute, null) { TimeLimited = false });
            }
        });
        return builder.ExcludeFromDescription();
    }
}
