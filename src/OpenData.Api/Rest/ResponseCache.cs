using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OpenData.Api.Hosting;
using OpenData.Api.Http;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>The REST response cache. Bound from the "ResponseCache" configuration section.</summary>
public sealed class ResponseCacheOptions
{
    public const string Section = "ResponseCache";

    /// <summary>Serve repeated JSON responses from memory (see <see cref="RestResponseCache"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Memory the cache may take in all, counting each entry's key (path and query string), body, headers
    /// and a fixed allowance for the entry itself; the least recently used go first beyond it.</summary>
    public int SizeLimitMegabytes { get; set; } = 64;

    /// <summary>Longest path plus query string (UTF-8 bytes) whose response is kept; longer requests are computed each
    /// time, so unique long query strings cannot fill the cache with keys.</summary>
    public int MaxKeyBytes { get; set; } = 2048;

    /// <summary>Largest body kept; bigger responses (a long series, a whole-table aggregate) are computed each time.</summary>
    public int MaxEntryKilobytes { get; set; } = 1024;

    /// <summary>PostgreSQL only: how often each instance reads which release is served (opendata.served) to notice
    /// an import (by any instance). After one, responses of the previous release can be served for up to this long
    /// (with that release's ETag and X-Data-Release, so they stay consistent), then every entry is dropped. With SQLite the database file is
    /// checked instead (one stat, at most once a millisecond), so a request that starts after a re-import reads the
    /// new release.</summary>
    public double ReleaseCheckSeconds { get; set; } = 2;
}

/// <summary>
/// Repeated REST JSON responses served from memory. A response is a pure function of the data release, the path,
/// the query string and the media type it is served as, so a 200 JSON body is kept under exactly those (the query
/// string and path as sent, compared ordinally: <c>?TYPE=ward</c> is a 400 problem, never <c>?type=ward</c>'s
/// body) with what the platform needs to answer it again: <see cref="ServedData"/>
/// (from which it writes ETag, Last-Modified, Cache-Control) and the headers the handler set (X-Data-Release, Link).
/// A new release empties the cache. Problems, CSV and GeoJSON exports are never kept. A request with
/// <c>Cache-Control: no-cache</c> is computed afresh (and its response kept).
/// <para>
/// The key holds the negotiated media type (application/json or application/geo+json), never the Accept text: any
/// number of different Accept headers that pick the same representation share one entry. The lookup runs before
/// the handler, so it negotiates the way the route does: each route's <see cref="NegotiationRule"/> is learnt from
/// the first response kept (the handler leaves it on the request, <see cref="NegotiatedFormat"/>); a route that has
/// not answered yet is a miss, and one seen negotiating two ways is never served from here. The bytes counted for
/// an entry are its key, body and headers plus <see cref="EntryOverheadBytes"/>, against
/// <see cref="ResponseCacheOptions.SizeLimitMegabytes"/>; keys longer than <see cref="ResponseCacheOptions.MaxKeyBytes"/>
/// are not kept at all.
/// </para>
/// <para>
/// It wraps the REST endpoints (<see cref="Serve"/>, a convention on the group, plus the endpoint filter
/// <see cref="KeepAsync"/>) rather than being ASP.NET Core's OutputCache middleware: that one folds query
/// parameter names to one case (a 400 would be answered with a cached 200), and replays headers captured before the
/// platform's OnStarting callbacks wrote the validators, so a hit would lose its ETag. Everything the platform does
/// for a data response (rate limit, 406 checks, validators, compression) still happens on a hit.
/// </para>
/// </summary>
public sealed class RestResponseCache : IDisposable
{
    private readonly MemoryCache _entries;
    private readonly ResponseCacheOptions _options;
    private readonly ReleaseReader _releases;
    private readonly string? _sqlitePath;

    /// <summary>The release the entries belong to, and what told us it is still current: the SQLite file as it was
    /// when the release was read, or (PostgreSQL) the time it was read. Swapped whole.</summary>
    private volatile ReleaseState? _state;

    /// <summary>When the SQLite file was last found unchanged. Under load one stat per millisecond, not one per
    /// request, is enough: a re-import is seen by the requests that start a millisecond after it.</summary>
    private long _fileCheckedAt = long.MinValue / 2;

    private static readonly long FileCheckInterval = Stopwatch.Frequency / 1000;

    private sealed record ReleaseState(ReleaseInfo? Release, FileIdentity? File, long ReadAt, string? Schema);

    private readonly PostgresRelease _postgres;

    public RestResponseCache(IOptions<ResponseCacheOptions> options, ReleaseReader releases, IOptions<StoreOptions> store, IHostEnvironment environment, PostgresRelease postgres)
    {
        _options = options.Value;
        _postgres = postgres;
        _releases = releases;
        // MemoryCache refuses an entry that would take the counted size over SizeLimit and compacts (least recently
        // used first) in the background, so the sum of the sizes given to Set never exceeds the limit.
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = (long)_options.SizeLimitMegabytes * 1024 * 1024, TrackStatistics = true });
        _sqlitePath = string.Equals(store.Value.Provider, StoreSetup.Sqlite, StringComparison.OrdinalIgnoreCase)
            ? StoreSetup.SqlitePath(store.Value, environment)
            : null;
    }

    /// <summary>
    /// Wraps each REST endpoint's request delegate: a hit is answered here, before the handler's parameters are
    /// bound (no context leased from the pool, no filter pipeline); a miss goes on to the handler, and
    /// <see cref="KeepAsync"/> keeps what it answers.
    /// </summary>
    internal RequestDelegate Serve(RequestDelegate endpoint)
    {
        var route = new RouteNegotiation();
        return async context =>
        {
            // HEAD arrives here as GET (the platform's HeadAsGet), with a body that goes nowhere.
            var release = HttpMethods.IsGet(context.Request.Method) && KeyFits(context.Request) ? await CurrentReleaseAsync(context) : null;
            if (release is null || route.Varies)
            {
                await endpoint(context);
                return;
            }
            if (!NoCache(context.Request) && route.Rule is { } rule
                && OutputFormats.Negotiate(context.Request, rule.Formats, rule.JsonAlias) is { Ok: true } negotiated
                && _entries.TryGetValue(Key(context.Request, negotiated.MediaType), out CachedResponse? hit) && hit!.Served.Release == release)
            {
                hit.Announce(context);
                await hit.ExecuteAsync(context);
                return;
            }
            context.Features.Set(new Pending(route));
            await endpoint(context);
        };
    }

    /// <summary>The bytes the cache counts now (keys, bodies, headers and per-entry allowance), at most
    /// <see cref="ResponseCacheOptions.SizeLimitMegabytes"/>.</summary>
    public long CountedBytes => _entries.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    /// <summary>Entries held now.</summary>
    public long EntryCount => _entries.Count;

    /// <summary>What an entry is counted at besides its key, body and headers: the cache entry, our wrapper and
    /// <see cref="ServedData"/>, rounded up.</summary>
    public const int EntryOverheadBytes = 512;

    /// <summary>The endpoint filter behind <see cref="Serve"/>: keeps a 200 JSON body the handler produced.</summary>
    internal async ValueTask<object?> KeepAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var result = await next(invocation);
        var http = invocation.HttpContext;
        if (http.Features.Get<Pending>() is not { } pending || result is not JsonBodyResult json
            || http.Features.Get<ServedData>() is not { } served
            || http.Features.Get<NegotiatedFormat>() is not { Result.Ok: true } negotiated
            || json.ContentType != JsonBodyResult.ContentTypeOf(negotiated.Result.MediaType))
        {
            return result;
        }
        // A later request is looked up by negotiating as this handler did; a route that negotiates two ways is
        // not served from the cache (keeping under the served type stays correct, but lookups could not be).
        if (!pending.Route.Learn(negotiated.Rule)) return result;

        var body = new PooledBufferWriter();
        json.Render(body);
        // A response read while a new release was being noticed is not kept under the new one.
        if (body.Length > _options.MaxEntryKilobytes * 1024L || served.Release != _state?.Release)
        {
            return new PooledJsonResult(json.ContentType, body);
        }
        var key = Key(http.Request, negotiated.Result.MediaType);
        var entry = new CachedResponse(json.ContentType, body.ToArrayAndReturn(), served,
            http.Response.Headers[ReleaseCaching.DataReleaseHeader], http.Response.Headers[HeaderNames.Link]);
        _entries.Set(key, entry, new MemoryCacheEntryOptions { Size = entry.SizeWith(key) });
        return entry;
    }

    /// <summary>Marks a request <see cref="Serve"/> found no entry for, with its route's negotiation.</summary>
    private sealed record Pending(RouteNegotiation Route);

    /// <summary>How one route negotiates, as learnt from its responses; it never changes in practice (routes pass
    /// constant format lists), and a route seen doing otherwise is left uncached rather than trusted.</summary>
    private sealed class RouteNegotiation
    {
        private NegotiationRule? _rule;
        private volatile bool _varies;

        public NegotiationRule? Rule => Volatile.Read(ref _rule);

        public bool Varies => _varies;

        /// <summary>Records the rule a response was negotiated by; false when it differs from the one known.</summary>
        public bool Learn(NegotiationRule rule)
        {
            var known = Interlocked.CompareExchange(ref _rule, rule, null);
            if (known is null || known.Equals(rule)) return !_varies;
            _varies = true;
            return false;
        }
    }

    /// <summary>Path (with base) and query exactly as sent, and the media type served; the delimiter cannot occur in a
    /// request line.</summary>
    private static string Key(HttpRequest request, string mediaType) =>
        string.Concat(request.PathBase.Value, request.Path.Value, request.QueryString.Value, "\n", mediaType);

    private bool KeyFits(HttpRequest request)
    {
        // Cheap bound first: a UTF-8 byte is at least a char, at most three.
        long chars = (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
        if (chars > _options.MaxKeyBytes) return false;
        if (chars * 3 <= _options.MaxKeyBytes) return true;
        return Encoding.UTF8.GetByteCount(request.PathBase.Value ?? "") + Encoding.UTF8.GetByteCount(request.Path.Value ?? "")
            + Encoding.UTF8.GetByteCount(request.QueryString.Value ?? "") <= _options.MaxKeyBytes;
    }

    private static bool NoCache(HttpRequest request) =>
        HeaderUtilities.ContainsCacheDirective(request.Headers.CacheControl, CacheControlHeaderValue.NoCacheString)
        || request.Headers.Pragma.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase);

    private async ValueTask<ReleaseInfo?> CurrentReleaseAsync(HttpContext http)
    {
        var state = _state;
        var now = Stopwatch.GetTimestamp();
        if (state is not null && now - Volatile.Read(ref _fileCheckedAt) < FileCheckInterval) return state.Release;
        // PostgreSQL: a release schema is never written to, so while the instance serves the same schema the release
        // is the same (PostgresRelease notices a switch within ReleaseCheckSeconds).
        if (state is not null && (_sqlitePath is null ? state.Schema == _postgres.Current?.Schema : FileIdentity.Of(_sqlitePath) == state.File))
        {
            if (_sqlitePath is not null) Volatile.Write(ref _fileCheckedAt, now);
            return state.Release;
        }
        // The file is looked at before the release is read: a swap in between makes the next request read again.
        // The schema is the one this request's context reads, not whatever is current by now.
        var file = _sqlitePath is null ? null : FileIdentity.Of(_sqlitePath);
        var schema = _sqlitePath is null ? http.RequestServices.GetRequiredService<RequestSchema>().Served?.Schema : null;
        var release = await _releases.GetCurrentAsync(http.RequestServices.GetRequiredService<OpenDataDbContext>(), http.RequestAborted);
        if (_state?.Release != release) _entries.Clear();
        _state = new ReleaseState(release, file, now, schema);
        return release;
    }

    /// <summary>What tells one database file at a path from another (a re-import renames a new file over it).</summary>
    private sealed record FileIdentity(bool Exists, long Length, DateTime LastWriteUtc, DateTime CreationUtc)
    {
        public static FileIdentity Of(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? new FileIdentity(true, file.Length, file.LastWriteTimeUtc, file.CreationTimeUtc) : new FileIdentity(false, 0, default, default);
        }
    }

    public void Dispose() => _entries.Dispose();

    /// <summary>A kept response: the JSON bytes and what the handler announced with them.</summary>
    private sealed class CachedResponse(string contentType, byte[] body, ServedData served, string? dataRelease, StringValues links) : IResult
    {
        public ServedData Served => served;

        /// <summary>Bytes counted against the size limit: the key and header strings as held (UTF-16), the body,
        /// and <see cref="EntryOverheadBytes"/> for the objects around them.</summary>
        public long SizeWith(string key) =>
            EntryOverheadBytes + body.Length + 2L * (key.Length + (dataRelease?.Length ?? 0) + links.Sum(l => l?.Length ?? 0));

        /// <summary>What the handler set before its body: the platform writes the validators from <see cref="ServedData"/>.</summary>
        public void Announce(HttpContext http)
        {
            http.Features.Set(served);
            http.Response.Headers[ReleaseCaching.DataReleaseHeader] = dataRelease;
            if (links.Count > 0) http.Response.Headers[HeaderNames.Link] = links;
        }

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
        }
    }

    /// <summary>A body too large to keep, rendered once into pooled segments and written from them.</summary>
    private sealed class PooledJsonResult(string contentType, PooledBufferWriter body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            try
            {
                await body.CopyToAsync(response.Body, httpContext.RequestAborted);
            }
            finally
            {
                body.Return();
            }
        }
    }
}

/// <summary>An <see cref="IBufferWriter{T}"/> over pooled 64 KB segments: a large JSON body is rendered without
/// growing (and copying) one array on the large object heap.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private const int SegmentSize = 64 * 1024;
    private readonly List<(byte[] Array, int Used)> _segments = [];
    private byte[]? _current;
    private int _used;

    public long Length { get; private set; }

    public void Advance(int count)
    {
        _used += count;
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(_used);

    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(_used);

    private byte[] Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_current is not null && _current.Length - _used >= needed) return _current;
        if (_current is not null) _segments.Add((_current, _used));
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(needed, SegmentSize));
        _used = 0;
        return _current;
    }

    private IEnumerable<(byte[] Array, int Used)> Segments() =>
        _current is null ? _segments : _segments.Append((_current, _used));

    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        foreach (var (array, used) in Segments())
        {
            await destination.WriteAsync(array.AsMemory(0, used), cancellationToken);
        }
    }

    /// <summary>The bytes as one array; the segments go back to the pool.</summary>
    public byte[] ToArrayAndReturn()
    {
        // Every byte is copied over below: no need for the runtime to zero it first (a London map is some 860 kB).
        var result = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var offset = 0;
        foreach (var (array, used) in Segments())
        {
            array.AsSpan(0, used).CopyTo(result.AsSpan(offset));
            offset += used;
        }
        Return();
        return result;
    }

    public void Return()
    {
        foreach (var (array, _) in Segments()) ArrayPool<byte>.Shared.Return(array);
        _segments.Clear();
        _current = null;
        _used = 0;
    }
}

public static class ResponseCacheRegistration
{
    /// <summary>Registers <see cref="RestResponseCache"/> (options from "ResponseCache"); <see cref="RestApi.MapRestApi"/>
    /// puts it on the REST group when it is registered and enabled.</summary>
    public static IServiceCollection AddRestResponseCache(this IServiceCollection services)
    {
        services.AddOptions<ResponseCacheOptions>().BindConfiguration(ResponseCacheOptions.Section)
            .Validate(o => o.SizeLimitMegabytes > 0 && o.MaxEntryKilobytes > 0 && o.MaxKeyBytes > 0 && o.ReleaseCheckSeconds >= 0,
                "ResponseCache: sizes must be positive and ReleaseCheckSeconds not negative.")
            .ValidateOnStart();
        services.AddSingleton<RestResponseCache>();
        return services;
    }
}
