using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary>
/// What a REST response was read from, set on <c>HttpContext.Features</c> by every REST handler before the first
/// byte: the platform's caching middleware turns it into ETag/Last-Modified (see Http/ReleaseCaching.cs).
/// <paramref name="LastModified"/> is when the dataset(s) the response reads last changed.
/// </summary>
public sealed record ServedData(ReleaseInfo Release, DateTimeOffset LastModified);
