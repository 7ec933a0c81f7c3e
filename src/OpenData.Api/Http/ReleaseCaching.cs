using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OpenData.Api.Rest;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Http;

/// <summary>HTTP caching of published data. Bound from the "Caching" configuration section.</summary>
public sealed class CachingOptions
{
    public const string Section = "Caching";

    /// <summary>How long any cache may serve a data response without asking again.</summary>
    public int MaxAgeSeconds { get; set; } = 300;

    /// <summary>How long after that a cache may serve it while it revalidates in the background.</summary>
    public int StaleWhileRevalidateSeconds { get; set; } = 3600;

    /// <summary>How long a cache may serve it when this API is down or erroring.</summary>
    public int StaleIfErrorSeconds { get; set; } = 86400;

    internal string CacheControl => string.Create(CultureInfo.InvariantCulture,
        $"public, max-age={MaxAgeSeconds}, stale-while-revalidate={StaleWhileRevalidateSeconds}, stale-if-error={StaleIfErrorSeconds}");
}

/// <summary>Marks endpoints whose responses are a pure function of the data release and the request.</summary>
public sealed class ReleaseCachingMetadata
{
    public static readonly ReleaseCachingMetadata Instance = new();

    private ReleaseCachingMetadata()
    {
    }
}

/// <summary>
/// Validators and freshness for data responses (RFC 9110 section 13, RFC 9111).
/// <para>
/// Every data response is determined by the data it reads, the request (path, query, Accept) and the code that
/// renders it. The data is named by the modified release of each dataset the route reads (its
/// <see cref="ReadsDatasets"/>: the newest release that changed that dataset's rows, see
/// <see cref="DataVersion"/>), not by the current release: a release that edits targets leaves the risks CSV's
/// ETag and Last-Modified where they were, so a mirror's conditional request is a 304. So the ETag is a hash of
/// exactly those, computed from the request, not from the body: a conditional request is answered 304 from two
/// small reads (the current release, and the modified releases, cached per release), before the handler runs a
/// query, and streamed CSV/GeoJSON need no buffering. The tag is strong (the same inputs give the same bytes:
/// orders are deterministic, bodies carry no clock time, and <c>meta.release</c> names the data's modified
/// release, not the current one) and gets a <c>-gzip</c>/<c>-br</c> suffix when the body is compressed, because a
/// strong tag must differ between content codings. The build id of this assembly is hashed in too, so a
/// deployment that changes how responses render changes every tag.
/// </para>
/// </summary>
public static class ReleaseCaching
{
    public const string DataReleaseHeader = "X-Data-Release";

    private const string Vary = "Accept, Accept-Encoding";

    private static readonly string BuildId =
        typeof(ReleaseCaching).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    public static IServiceCollection AddReleaseCaching(this IServiceCollection services)
    {
        services.AddOptions<CachingOptions>().BindConfiguration(CachingOptions.Section)
            .Validate(o => o.MaxAgeSeconds >= 0 && o.StaleWhileRevalidateSeconds >= 0 && o.StaleIfErrorSeconds >= 0,
                "Caching: ages cannot be negative.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Gives these endpoints ETag, Last-Modified, Cache-Control and 304 answers (see the class remarks).</summary>
    public static TBuilder WithReleaseCaching<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ReleaseCachingMetadata.Instance);

    /// <summary>Must run after routing (it reads endpoint metadata) and before rate limiting (304s are free).</summary>
    public static IApplicationBuilder UseReleaseCaching(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<CachingOptions>>().Value;
        var releases = app.ApplicationServices.GetRequiredService<ReleaseReader>();
        var cacheControl = options.CacheControl;
        return app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method)
                || context.GetEndpoint()?.Metadata.GetMetadata<ReleaseCachingMetadata>() is null)
            {
                await next(context);
                return;
            }

            var headers = context.Request.Headers;
            if (headers.IfNoneMatch.Count > 0 || headers.IfModifiedSince.Count > 0)
            {
                var db = context.RequestServices.GetRequiredService<OpenDataDbContext>();
                var release = await releases.GetCurrentAsync(db, context.RequestAborted);
                if (release is not null
                    && NotModified(context.Request, await releases.GetDataVersionAsync(db, release, ReadsDatasets.Of(context), context.RequestAborted), out var matched))
                {
                    var response = context.Response;
                    response.StatusCode = StatusCodes.Status304NotModified;
                    // The tag the client holds names the stored response (identity or compressed) to freshen.
                    if (matched is not null) response.Headers.ETag = matched;
                    response.Headers.CacheControl = cacheControl;
                    response.Headers.Vary = Vary;
                    response.Headers[DataReleaseHeader] = release.Id.ToString(CultureInfo.InvariantCulture);
                    return;
                }
            }

            context.Response.OnStarting(() =>
            {
                var response = context.Response;
                if (response.StatusCode != StatusCodes.Status200OK || context.Features.Get<ServedData>() is not { } served)
                {
                    return Task.CompletedTask;
                }
                response.Headers.ETag = Quote(EntityTag(served.Data, context.Request) + CodingSuffix(response.Headers.ContentEncoding));
                response.Headers.LastModified = HeaderUtilities.FormatDate(TruncateToSeconds(served.LastModified));
                response.Headers.CacheControl = cacheControl;
                response.Headers.Vary = Vary;
                return Task.CompletedTask;
            });
            await next(context);
        });
    }

    /// <summary>RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since only without it.</summary>
    private static bool NotModified(HttpRequest request, DataVersion data, out string? matched)
    {
        matched = null;
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)) return false;
            var current = EntityTag(data, request);
            foreach (var tag in tags)
            {
                if (tag.Equals(EntityTagHeaderValue.Any))
                {
                    matched = Quote(current);
                    return true;
                }
                if (SameRepresentation(tag, current))
                {
                    matched = tag.Tag.ToString();
                    return true;
                }
            }
            return false;
        }

        // The Last-Modified a 200 would send now: when the datasets read last changed.
        return HeaderUtilities.TryParseDate(request.Headers.IfModifiedSince.ToString(), out var since)
            && TruncateToSeconds(data.Release.ImportedAt) <= since;
    }

    /// <summary>
    /// <c>&lt;release id&gt;-&lt;32 hex&gt;</c>, the release being the data's modified release: SHA-256 over the data
    /// version's key (each dataset read with its modified release's id and content hash), the build id, the path,
    /// the query parameters sorted by name (values in the order sent) and Accept. Each part is length-prefixed so no
    /// two different requests can hash the same input. The current release is not hashed: it is not the data.
    /// </summary>
    internal static string EntityTag(DataVersion data, HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, data.Key);
        Append(hash, BuildId);
        Append(hash, request.PathBase.Add(request.Path).Value ?? "");
        foreach (var key in request.Query.Keys.Order(StringComparer.Ordinal))
        {
            Append(hash, key);
            foreach (var value in request.Query[key]) Append(hash, value ?? "");
        }
        Append(hash, request.Headers.Accept.ToString());
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return string.Concat(data.Release.Id.ToString(CultureInfo.InvariantCulture), "-", Convert.ToHexStringLower(digest[..16]));
    }

    private static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    /// <summary>
    /// Weak comparison, as If-None-Match requires (W/ ignored), of a sent tag with the identity tag of the current
    /// representation: a compressed variant's tag (<c>-gzip</c>, <c>-br</c>) matches its base.
    /// </summary>
    internal static bool SameRepresentation(EntityTagHeaderValue sent, string current)
    {
        var opaque = sent.Tag.AsSpan().Trim('"');
        if (opaque.EndsWith("-gzip")) opaque = opaque[..^5];
        else if (opaque.EndsWith("-br")) opaque = opaque[..^3];
        return opaque.SequenceEqual(current);
    }

    internal static string CodingSuffix(Microsoft.Extensions.Primitives.StringValues contentEncoding) =>
        contentEncoding.ToString() switch
        {
            "" or "identity" => "",
            "gzip" => "-gzip",
            "br" => "-br",
            var other => "-" + other,
        };

    internal static string Quote(string tag) => "\"" + tag + "\"";

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Offset);
}
