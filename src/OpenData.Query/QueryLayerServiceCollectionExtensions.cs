using Microsoft.Extensions.DependencyInjection;

namespace OpenData.Query;

public static class QueryLayerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the query layer: <see cref="QueryOptions"/> bound to the "Query" section, <see cref="QueryEngine"/>
    /// and <see cref="ReleaseReader"/>. The <c>OpenDataDbContext</c> is registered by the host (provider choice is
    /// the host's) and passed to the query methods, so callers choose their own context lifetime.
    /// </summary>
    public static IServiceCollection AddQueryLayer(this IServiceCollection services)
    {
        services.AddOptions<QueryOptions>().BindConfiguration(QueryOptions.Section)
            .Validate(o => o.DefaultPageSize >= 1 && o.MaxPageSize >= o.DefaultPageSize && o.StreamBatchSize >= 1 && o.MaxKeysPerBatch >= 1,
                "Query options: need 1 <= DefaultPageSize <= MaxPageSize, StreamBatchSize >= 1 and MaxKeysPerBatch >= 1.")
            .Validate(o => o.MaxFilterTerms >= 1 && o.MaxFilterDepth >= 1 && o.MaxFacetValues >= 1,
                "Query options: need MaxFilterTerms >= 1, MaxFilterDepth >= 1 and MaxFacetValues >= 1.")
            .ValidateOnStart();
        services.AddSingleton<QueryEngine>();
        services.AddSingleton<ReleaseReader>();
        services.AddSingleton<CrimeFigureAnalysis>();
        services.AddSingleton<AreaLocator>();
        return services;
    }
}
