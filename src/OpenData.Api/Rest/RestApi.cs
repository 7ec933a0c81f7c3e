using Microsoft.Extensions.Options;
using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary>The versioned REST API: one route group, one static class per resource.</summary>
public static class RestApi
{
    public const string Prefix = "/api/v1";

    /// <summary>Maps every REST route under <see cref="Prefix"/> (GET only: the API is read-only, so any other
    /// method on these paths is answered 405 by routing). Returns the group so the host can add conventions.
    /// Repeated JSON responses come from <see cref="RestResponseCache"/> when the host registered it
    /// (<see cref="ResponseCacheRegistration.AddRestResponseCache"/>) and it is enabled.</summary>
    public static RouteGroupBuilder MapRestApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix);
        if (routes.ServiceProvider.GetService<RestResponseCache>() is { } cache
            && routes.ServiceProvider.GetRequiredService<IOptions<ResponseCacheOptions>>().Value.Enabled)
        {
            ((IEndpointConventionBuilder)group).Add(endpoint => endpoint.RequestDelegate = cache.Serve(endpoint.RequestDelegate!));
            group.AddEndpointFilter(cache.KeepAsync);
        }
        routes.MapBenchmarkBaseline();
        group.MapApiIndex();
        group.MapDatasetsCatalogue();
        foreach (var dataset in DatasetCatalog.All) RestResources.Of(dataset).Map(group);
        group.MapAreaBoundary();
        group.MapCrimeFigureQuestions();
        group.MapReleaseChanges();
        group.MapReleaseFeed();
        group.MapDcatCatalog();
        group.MapSourceDocuments();
        return group;
    }
}
