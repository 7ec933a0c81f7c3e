using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Http;

/// <summary>Maps a GraphQL-over-HTTP endpoint (with GraphiQL for browsers) in an ASP.NET Core app.</summary>
public static class GraphQLEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <paramref name="pattern"/> (e.g. "/graphql") to a GraphQL endpoint for <paramref name="schema"/>.
    /// Unexpected resolver exceptions are logged with the category "OpenData.GraphQL" unless
    /// <paramref name="engineOptions"/> sets its own <see cref="GraphQLEngineOptions.OnUnexpectedError"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapGraphQL(this IEndpointRouteBuilder endpoints, string pattern, GraphQLSchema schema,
        GraphQLEngineOptions? engineOptions = null, Action<GraphQLHttpOptions>? configure = null)
    {
        engineOptions ??= new GraphQLEngineOptions();
        if (engineOptions.OnUnexpectedError is null)
        {
            var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("OpenData.GraphQL");
            if (logger is not null)
            {
                engineOptions.OnUnexpectedError = (exception, context) =>
                    logger.LogError(exception, "Unexpected error in resolver of {Field} at {Path}",
                        context is null ? "(default resolver)" : context.ParentType.Name + "." + context.FieldDefinition.Name, context?.Path.ToString());
            }
        }
        return endpoints.MapGraphQL(pattern, new GraphQLEngine(schema, engineOptions), configure);
    }

    /// <summary>Maps <paramref name="pattern"/> to a GraphQL endpoint executed by <paramref name="engine"/>.</summary>
    public static IEndpointConventionBuilder MapGraphQL(this IEndpointRouteBuilder endpoints, string pattern, GraphQLEngine engine,
        Action<GraphQLHttpOptions>? configure = null)
    {
        var options = new GraphQLHttpOptions();
        configure?.Invoke(options);
        var handler = new GraphQLHttpHandler(engine, options);
        var main = endpoints.Map(pattern, handler.HandleAsync).WithDisplayName("GraphQL " + pattern);
        if (!options.EnableGraphiQL) return main;
        var assets = endpoints.MapGet(pattern.TrimEnd('/') + "/graphiql/{version}/{file}",
            (HttpContext http, string file) => GraphQLHttpHandler.ServeAsset(http, file)).WithDisplayName("GraphiQL assets " + pattern);
        return new CompositeConventionBuilder(main, assets);
    }

    private sealed class CompositeConventionBuilder(params IEndpointConventionBuilder[] builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var b in builders) b.Add(convention);
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var b in builders) b.Finally(finallyConvention);
        }
    }
}
