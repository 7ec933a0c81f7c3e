using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary>
/// What a REST response was read from, set on <c>HttpContext.Features</c> by every REST handler before the first
/// byte: the platform's caching middleware turns it into ETag/Last-Modified (see Http/ReleaseCaching.cs).
/// <paramref name="Release"/> is the current release (X-Data-Release, and what the response cache keys on);
/// <paramref name="Data"/> is the version of the datasets the response reads, which the validators come from.
/// </summary>
public sealed record ServedData(ReleaseInfo Release, DataVersion Data)
{
    /// <summary>When the dataset(s) the response reads last changed.</summary>
    public DateTimeOffset LastModified => Data.Release.ImportedAt;
}

/// <summary>
/// Endpoint metadata: the datapackage resources a route's responses read. One list serves both the handler
/// (<see cref="RestRelease.ServeAsync"/>) and the conditional-request check, which runs before the handler so a
/// 304 costs no query and no rate-limit token.
/// </summary>
public sealed class ReadsDatasets(Func<HttpContext, IReadOnlyList<string>> names)
{
    public IReadOnlyList<string> NamesFor(HttpContext context) => names(context);

    /// <summary>The names for this request's endpoint; none when the endpoint does not say (every release then
    /// counts as a change).</summary>
    public static IReadOnlyList<string> Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ReadsDatasets>()?.NamesFor(context) ?? [];
}

public static class ReadsDatasetsExtensions
{
    public static TBuilder Reads<TBuilder>(this TBuilder builder, params IReadOnlyList<string> resourceNames) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ReadsDatasets(_ => resourceNames));

    /// <summary>For a route whose resources depend on the request (the catalogue entry of the named dataset).</summary>
    public static TBuilder Reads<TBuilder>(this TBuilder builder, Func<HttpContext, IReadOnlyList<string>> resourceNames) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ReadsDatasets(resourceNames));
}
