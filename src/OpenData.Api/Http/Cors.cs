namespace OpenData.Api.Http;

/// <summary>
/// CORS open to every origin: the data is public and anonymous (no cookies, no credentials), so any web page
/// may read it. Reads only; POST is allowed because GraphQL queries are POSTed (there are no write routes).
/// The headers a browser script needs for paging, caching and backing off are exposed.
/// </summary>
public static class Cors
{
    public static readonly string[] ExposedHeaders =
    [
        "Link", "ETag", "Last-Modified", ReleaseCaching.DataReleaseHeader, RequestIds.HeaderName, "Retry-After",
        RateLimiting.LimitHeader, RateLimiting.RemainingHeader, RateLimiting.ResetHeader, RateLimiting.PolicyHeader,
        "Content-Disposition",
    ];

    public static IServiceCollection AddPublicCors(this IServiceCollection services) =>
        services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Post)
            .AllowAnyHeader()
            .WithExposedHeaders(ExposedHeaders)
            // Browsers cap this (Chromium at 2 hours); a day saves a preflight per page view elsewhere.
            .SetPreflightMaxAge(TimeSpan.FromDays(1))));
}
