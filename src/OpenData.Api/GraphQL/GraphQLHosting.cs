using Microsoft.Extensions.Options;
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

    /// <summary>Most aliased fields in one document.</summary>
    public int MaxAliases { get; set; } = 50;

    /// <summary>
    /// Highest estimated cost: every field costs 1, and a connection multiplies its nodes' cost by its first/last
    /// (default page size when absent). Keeps one request from reading the whole store many times over.
    /// </summary>
    public long MaxCost { get; set; } = 100_000;

    /// <summary>Longest a request may execute, in seconds.</summary>
    public int ExecutionTimeoutSeconds { get; set; } = 30;
}

/// <summary>Registers and maps the GraphQL front door: the domain schema over the engine in OpenData.GraphQL.</summary>
public static class GraphQLHosting
{
    /// <summary>The options and one engine (schema built once, documents cached) for the app's lifetime.</summary>
    public static IServiceCollection AddOpenDataGraphQL(this IServiceCollection services)
    {
        services.AddOptions<GraphQLOptions>().BindConfiguration(GraphQLOptions.Section)
            .Validate(o => o.MaxDocumentLength > 0 && o.MaxDepth > 0 && o.MaxAliases >= 0 && o.MaxCost > 0 && o.ExecutionTimeoutSeconds > 0,
                "GraphQL options: limits must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<GraphQLOptions>>().Value;
            var query = provider.GetRequiredService<IOptions<QueryOptions>>().Value;
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("OpenData.Api.GraphQL");
            return new GraphQLEngine(GraphQLSchemaFactory.Create(), new GraphQLEngineOptions
            {
                Limits = new GraphQLLimits
                {
                    MaxDocumentLength = options.MaxDocumentLength,
                    MaxDepth = options.MaxDepth,
                    MaxAliases = options.MaxAliases,
                    MaxCost = options.MaxCost,
                    DefaultListSize = query.DefaultPageSize,
                    ExecutionTimeout = TimeSpan.FromSeconds(options.ExecutionTimeoutSeconds),
                },
                OnUnexpectedError = (exception, context) => logger.LogError(exception, "Unexpected error in GraphQL field {Field} at {Path}",
                    context is null ? "(default resolver)" : context.ParentType.Name + "." + context.FieldDefinition.Name, context?.Path.ToString()),
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
        });
        // Queries only: GET and POST. Routing answers any other method with 405 (a problem, with Allow).
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && route.RoutePattern.RawText == options.Path)
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Post]));
            }
        });
        return builder.ExcludeFromDescription();
    }
}
