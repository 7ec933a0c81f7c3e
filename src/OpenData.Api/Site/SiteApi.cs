using OpenData.Api.Http;
using OpenData.Api.Rest;
using OpenData.Query;

namespace OpenData.Api.Site;

/// <summary>
/// The site for residents and journalists: server-rendered HTML over the same query layer as REST and GraphQL,
/// at the root of the same origin. Every page is a pure function of the data release and its URL, so it gets the
/// API's validators (ETag, Last-Modified, 304) through <see cref="ReleaseCaching"/>; the few scripts and the
/// stylesheet come from /site/ (<see cref="SiteAssets"/>). One static class per page type, mapped here.
/// </summary>
public static class SiteApi
{
    /// <summary>Path prefixes that are not the site's (their 404s stay problem details).</summary>
    private static readonly string[] NotSitePaths = ["/api", "/graphql", "/swagger", "/health", "/ready"];

    /// <summary>Every dataset's resource name: a page may read any of them, so a release that changes one
    /// changes every page's ETag (pages are small; the API keeps the finer per-dataset validators).</summary>
    private static readonly string[] AllResources = [.. DatasetCatalog.All.Select(d => d.ResourceName), "downloads", "populations", "coverage_gaps"];

    public static IEndpointRouteBuilder MapSite(this IEndpointRouteBuilder routes)
    {
        var site = routes.MapGroup("").ExcludeFromDescription();
        var pages = site.MapGroup("").WithReleaseCaching().Reads(AllResources);
        pages.MapHomePage();
        pages.MapDatasetPages();
        pages.MapSourcePages();
        pages.MapMapPage();
        pages.MapAreaProfilePage();
        pages.MapTargetsPage();
        return routes;
    }

    /// <summary>The stylesheet and scripts, before routing like Swagger UI's files: not endpoints, not rate limited
    /// (a page view costs one request of the client's budget, not four).</summary>
    public static IApplicationBuilder UseSiteAssets(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            && context.Request.Path.StartsWithSegments("/site", out var rest) && rest.Value is { Length: > 1 } file && file.IndexOf('/', 1) < 0)
        {
            return SiteAssets.Instance.Serve(context, file[1..]).ExecuteAsync(context);
        }
        return next(context);
    });

    /// <summary>True for paths the site answers (everything but the API's own prefixes).</summary>
    public static bool IsSitePath(PathString path) =>
        !NotSitePaths.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
