using Microsoft.Extensions.Options;

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
        group.MapDatasetsCatalogue();
        group.MapReleases();
        group.MapSources();
        group.MapAreas();
        group.MapOffenceCategories();
        group.MapCrimeFigures();
        group.MapIndicators();
        group.MapTargets();
        group.MapPriorities();
        group.MapActions();
        group.MapAssessmentScores();
        group.MapRisks();
        return group;
    }
}

/// <summary>The links of one row, built fluently; links whose key is empty are left out.</summary>
public sealed class LinkList(RestLinks links) : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    /// <summary>A record of a dataset, e.g. <c>Item("area", "areas", code)</c>.</summary>
    public LinkList Item(string rel, string dataset, string? key)
    {
        if (!string.IsNullOrEmpty(key)) _items.Add(new(rel, links.Item(dataset, key)));
        return this;
    }

    /// <summary>A collection filtered by one or more parameters, e.g. the crime figures of an area.</summary>
    public LinkList Collection(string rel, string dataset, params (string Name, string Value)[] query)
    {
        _items.Add(new(rel, links.Collection(dataset, query)));
        return this;
    }

    public LinkList Path(string rel, string href)
    {
        _items.Add(new(rel, href));
        return this;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
