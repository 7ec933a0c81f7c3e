using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OpenData.Api.Rest;

namespace OpenData.Api.Http;

/// <summary>
/// Per-client request limit. Bound from the "RateLimit" configuration section. Each client has a token bucket
/// holding <see cref="PermitLimit"/> tokens that refills at <see cref="PermitLimit"/> per <see cref="WindowSeconds"/>:
/// a map that loads 100 tiles at once is fine, a scraper looping all day runs at the steady rate. A request spends
/// tokens by what it costs: one for most, <see cref="HeavyRequestCost"/> or <see cref="ExportRequestCost"/> for
/// the routes that declare it (<see cref="RequestCosts.WithRequestCost{TBuilder}"/>), and GraphQL by its
/// estimated cost (<see cref="GraphQLCostPerToken"/>). Defaults: 120 tokens per 60 s.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Off: no limit and no RateLimit-* headers (e.g. behind a gateway that limits instead).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tokens a client may burst, and the number it regains per window.</summary>
    public int PermitLimit { get; set; } = 120;

    /// <summary>Seconds over which a client regains <see cref="PermitLimit"/> tokens, evenly.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Tokens of a request to a heavy route: crime-figure series, aggregates and map, a release's changes.</summary>
    public int HeavyRequestCost { get; set; } = 10;

    /// <summary>Tokens of a collection asked for as CSV or GeoJSON (an export streams every matching row).</summary>
    public int ExportRequestCost { get; set; } = 10;

    /// <summary>
    /// Tokens each <c>facet=</c> of a collection request adds to its single token. A page reads <c>limit</c> rows
    /// along an index; a facet is a GROUP BY over every row the filter matches (the scan of <c>total=true</c>, plus
    /// grouping and sorting the groups), and a request may ask for several. So three facets cost 1 + 3 × 2 = 7,
    /// below a heavy route (10): the groups are bounded, the rows are not streamed.
    /// </summary>
    public int FacetRequestCost { get; set; } = 2;

    /// <summary>GraphQL: estimated query cost per token beyond the first; a request spends
    /// <c>1 + cost / GraphQLCostPerToken</c> (see <see cref="RequestCostLimiter.GraphQLTokens"/>).</summary>
    public int GraphQLCostPerToken { get; set; } = 1000;

    /// <summary>Clients whose buckets are remembered at once. A full bucket is the same as none and is forgotten;
    /// beyond this many clients with tokens spent, new clients share one bucket until some refill.</summary>
    public int MaxClients { get; set; } = 50_000;

    internal TimeSpan TokenPeriod => TimeSpan.FromSeconds((double)WindowSeconds / PermitLimit);
}

/// <summary>What a route's requests cost beyond the default single token.</summary>
public enum RequestCost
{
    /// <summary><see cref="RateLimitOptions.HeavyRequestCost"/> for every request. (An export, a request a route's
    /// <see cref="Admission.RequireAdmission"/> takes as <see cref="HeavyWork.Export"/>, costs
    /// <see cref="RateLimitOptions.ExportRequestCost"/> without a declaration here.)</summary>
    Heavy,

    /// <summary><see cref="RateLimitOptions.FacetRequestCost"/> per <c>facet</c> parameter of the request, plus one.</summary>
    PerFacet,
}

/// <summary>Endpoint metadata: see <see cref="RequestCosts.WithRequestCost{TBuilder}"/>.</summary>
public sealed record RequestCostMetadata(RequestCost Cost);

public static class RequestCosts
{
    /// <summary>Declares what this route's (or group's) requests cost against the client's rate limit. Several may
    /// be declared; the dearest that applies is spent.</summary>
    public static TBuilder WithRequestCost<TBuilder>(this TBuilder builder, RequestCost cost) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestCostMetadata(cost));
}

/// <summary>
/// Rate limiting by cost, partitioned by client address (an IPv6 client by its /64, which is what one subscriber
/// is usually given; an IPv4-mapped IPv6 address is its IPv4 client). There are no API keys: the data is public
/// and anonymous, and a key scheme would need sign-up, storage and revocation for no gain here.
/// <para>
/// Headers (draft-ietf-httpapi-ratelimit-headers-07): <c>RateLimit-Limit</c> (bucket size),
/// <c>RateLimit-Remaining</c>, <c>RateLimit-Reset</c> (seconds until the bucket is full again) and
/// <c>RateLimit-Policy</c> (<c>120;w=60</c>); a 429 adds <c>Retry-After</c>. Revalidations answered 304 by
/// <see cref="ReleaseCaching"/> run before the limiter and cost nothing: they are one indexed read, and a client
/// that revalidates instead of refetching is the client we want.
/// </para>
/// </summary>
public static class RateLimiting
{
    public const string LimitHeader = "RateLimit-Limit";
    public const string RemainingHeader = "RateLimit-Remaining";
    public const string ResetHeader = "RateLimit-Reset";
    public const string PolicyHeader = "RateLimit-Policy";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.PermitLimit >= 1 && o.WindowSeconds >= 1 && o.HeavyRequestCost >= 1 && o.ExportRequestCost >= 1 && o.FacetRequestCost >= 0
                    && o.GraphQLCostPerToken >= 1 && o.MaxClients >= 1,
                "RateLimit: PermitLimit, WindowSeconds, HeavyRequestCost, ExportRequestCost, GraphQLCostPerToken and MaxClients must be at least 1, FacetRequestCost at least 0.")
            .ValidateOnStart();
        services.AddSingleton<RequestCostLimiter>();
        return services;
    }

    /// <summary>
    /// Spends each request's cost from its client's bucket, or answers 429; then the RateLimit-* headers of what is
    /// left. Must run after routing (costs are endpoint metadata) and after <see cref="ReleaseCaching"/> (304s are free).
    /// </summary>
    public static IApplicationBuilder UseApiRateLimiting(this IApplicationBuilder app)
    {
        var limiter = app.ApplicationServices.GetRequiredService<RequestCostLimiter>();
        if (!limiter.Options.Enabled) return app;
        return app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
            {
                await next(context);
                return;
            }
            var tokens = limiter.CostOf(context, endpoint);
            var (allowed, retryAfter) = limiter.TrySpend(context, tokens);
            if (!allowed)
            {
                await limiter.WriteRejectionAsync(context, retryAfter, tokens);
                return;
            }
            context.Response.OnStarting(static state =>
            {
                var (context, limiter) = ((HttpContext, RequestCostLimiter))state;
                if (context.Response.StatusCode != StatusCodes.Status429TooManyRequests) limiter.WriteHeaders(context);
                return Task.CompletedTask;
            }, (context, limiter));
            await next(context);
        });
    }

    /// <summary>The partition key: the client address, IPv6 addresses cut to their /64.</summary>
    internal static string ClientKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

/// <summary>The outcome of spending tokens: allowed, or refused with how long until the tokens are there.</summary>
public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// The per-client token buckets behind <see cref="RateLimiting.UseApiRateLimiting"/>, and the way for other parts to
/// spend from them: GraphQL calls <see cref="TrySpend"/> with <see cref="GraphQLTokens"/> of a document's estimated
/// cost once it is known (the request paid its first token at the door).
/// <para>
/// Memory is bounded: a bucket is kept only while it is not full (a full bucket behaves exactly as a new one), a
/// sweep forgets full buckets once a window or when the table is full, and at most
/// <see cref="RateLimitOptions.MaxClients"/> buckets (plus one shared overflow bucket) exist, each a few hundred
/// bytes (about 10 MB at the default 50,000). When every slot holds a client that has spent tokens in the last
/// window, new clients share the overflow bucket: many addresses at once then slow each other rather than the server.
/// </para>
/// </summary>
public sealed class RequestCostLimiter
{
    private const string OverflowKey = "overflow";

    private static readonly object BucketItem = new();
    private static readonly object SpentItem = new();

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly long _ticksPerToken;
    private readonly Lock _sweepGate = new();
    private long _sweptAt = Stopwatch.GetTimestamp();

    public RequestCostLimiter(IOptions<RateLimitOptions> options)
    {
        Options = options.Value;
        _ticksPerToken = Math.Max(1, (long)(Options.TokenPeriod.TotalSeconds * Stopwatch.Frequency));
    }

    public RateLimitOptions Options { get; }

    /// <summary>Client buckets held now (at most <see cref="RateLimitOptions.MaxClients"/> + 1).</summary>
    public int ClientCount => _buckets.Count;

    /// <summary>
    /// Spends <paramref name="tokens"/> from the bucket of this request's client (its address, an IPv6 one by its /64).
    /// A cost above the bucket size is charged as a full bucket (it would otherwise never pass); zero or less spends
    /// nothing. Always allowed when rate limiting is off. On refusal nothing is spent and the client should wait
    /// <see cref="RateLimitDecision.RetryAfter"/>; answer with <see cref="WriteRejectionAsync"/> (REST) or set
    /// <see cref="SetRejectionHeaders"/> on a GraphQL error response.
    /// </summary>
    public RateLimitDecision TrySpend(HttpContext context, int tokens)
    {
        if (!Options.Enabled || tokens <= 0) return new RateLimitDecision(true, TimeSpan.Zero);
        tokens = Math.Min(tokens, Options.PermitLimit);
        var key = RateLimiting.ClientKey(context.Connection.RemoteIpAddress);
        var now = Stopwatch.GetTimestamp();
        SweepIfDue(now);
        while (true)
        {
            var bucket = BucketOf(key, now);
            lock (bucket)
            {
                if (bucket.Forgotten) continue;
                context.Items[BucketItem] = bucket;
                Refill(bucket, now);
                if (bucket.Tokens >= tokens)
                {
                    bucket.Tokens -= tokens;
                    context.Items[SpentItem] = (context.Items[SpentItem] as int? ?? 0) + tokens;
                    return new RateLimitDecision(true, TimeSpan.Zero);
                }
                var wait = (tokens - bucket.Tokens) * _ticksPerToken / Stopwatch.Frequency;
                return new RateLimitDecision(false, TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait))));
            }
        }
    }

    /// <summary>
    /// Gives back all but one of the tokens this request spent, for work that was refused rather than done (the
    /// admission gate's 503 or per-client 429): the client pays for the request, not for the work it did not get.
    /// </summary>
    public void RefundWork(HttpContext context)
    {
        if (context.Items[BucketItem] is not Bucket bucket || context.Items[SpentItem] is not int spent || spent <= 1) return;
        context.Items[SpentItem] = 1;
        lock (bucket)
        {
            Refill(bucket, Stopwatch.GetTimestamp());
            bucket.Tokens = Math.Min(Options.PermitLimit, bucket.Tokens + spent - 1);
        }
    }

    /// <summary>Tokens a GraphQL request of this estimated cost spends in all: <c>1 + cost / GraphQLCostPerToken</c>.
    /// The first was spent when the request came in, so a hook spends <c>GraphQLTokens(cost) - 1</c> more.</summary>
    public int GraphQLTokens(long cost) =>
        (int)Math.Min(Options.PermitLimit, 1 + Math.Max(0, cost) / Options.GraphQLCostPerToken);

    /// <summary>Tokens this request spends at the door: the dearest <see cref="RequestCostMetadata"/> that applies, else one.</summary>
    internal int CostOf(HttpContext context, Endpoint? endpoint)
    {
        var cost = 1;
        if (endpoint is null) return cost;
        foreach (var declared in endpoint.Metadata.GetOrderedMetadata<RequestCostMetadata>())
        {
            if (declared.Cost == RequestCost.Heavy) cost = Math.Max(cost, Options.HeavyRequestCost);
            if (declared.Cost == RequestCost.PerFacet && context.Request.Query.TryGetValue(QueryStringGrammar.Facet, out var facets))
            {
                cost = Math.Max(cost, 1 + facets.Count * Options.FacetRequestCost);
            }
        }
        // An export is what the route's admission says it is (one rule, the route's own formats: see RequireAdmission).
        if (endpoint.Metadata.GetMetadata<AdmissionMetadata>() is { Kind: HeavyWork.Export } admission && admission.AppliesTo(context))
        {
            cost = Math.Max(cost, Options.ExportRequestCost);
        }
        return cost;
    }

    /// <summary>The RateLimit-* headers of this request's client as its bucket is now.</summary>
    public void WriteHeaders(HttpContext context) => WriteHeaders(context.Response, Remaining(context));

    /// <summary>The 429 headers: RateLimit-* with nothing remaining and Retry-After in whole seconds.</summary>
    public void SetRejectionHeaders(HttpResponse response, TimeSpan retryAfter)
    {
        WriteHeaders(response, 0);
        response.Headers.RetryAfter = RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The 429 problem (type <see cref="ProblemTypes.RateLimited"/>) with its headers.</summary>
    public async Task WriteRejectionAsync(HttpContext context, TimeSpan retryAfter, int tokens)
    {
        SetRejectionHeaders(context.Response, retryAfter);
        var seconds = RetryAfterSeconds(retryAfter);
        await Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests,
            detail: string.Create(CultureInfo.InvariantCulture,
                $"Too many requests from your address: the limit is {Options.PermitLimit} tokens per {Options.WindowSeconds} seconds, and this request costs {tokens} (most cost 1; aggregates, maps, series, change lists and CSV/GeoJSON exports more). Retry after {seconds} seconds; conditional requests (If-None-Match) that come back 304 are not counted."));
    }

    private static long RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));

    private void WriteHeaders(HttpResponse response, long remaining)
    {
        var headers = response.Headers;
        headers[RateLimiting.LimitHeader] = Options.PermitLimit.ToString(CultureInfo.InvariantCulture);
        headers[RateLimiting.RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
        var untilFull = Math.Ceiling((Options.PermitLimit - remaining) * Options.TokenPeriod.TotalSeconds);
        headers[RateLimiting.ResetHeader] = ((long)untilFull).ToString(CultureInfo.InvariantCulture);
        headers[RateLimiting.PolicyHeader] = string.Create(CultureInfo.InvariantCulture, $"{Options.PermitLimit};w={Options.WindowSeconds}");
    }

    private long Remaining(HttpContext context)
    {
        // The bucket this request spent from (its client's, or the overflow bucket); failing that, its client's.
        var bucket = context.Items[BucketItem] as Bucket;
        if (bucket is null && !_buckets.TryGetValue(RateLimiting.ClientKey(context.Connection.RemoteIpAddress), out bucket))
        {
            return Options.PermitLimit;
        }
        lock (bucket)
        {
            Refill(bucket, Stopwatch.GetTimestamp());
            return (long)Math.Floor(bucket.Tokens);
        }
    }

    private Bucket BucketOf(string key, long now)
    {
        if (_buckets.TryGetValue(key, out var bucket)) return bucket;
        if (_buckets.Count >= Options.MaxClients)
        {
            // At most one sweep a second: under a flood of new addresses the table stays full and every newcomer
            // would otherwise walk it.
            if (now - Volatile.Read(ref _sweptAt) >= Stopwatch.Frequency) Sweep(now);
            if (_buckets.Count >= Options.MaxClients) key = OverflowKey;
        }
        return _buckets.GetOrAdd(key, static (_, state) => new Bucket(state.Limit, state.Now), (Limit: (double)Options.PermitLimit, Now: now));
    }

    private void Refill(Bucket bucket, long now)
    {
        if (now <= bucket.UpdatedAt) return;
        bucket.Tokens = Math.Min(Options.PermitLimit, bucket.Tokens + (double)(now - bucket.UpdatedAt) / _ticksPerToken);
        bucket.UpdatedAt = now;
    }

    private void SweepIfDue(long now)
    {
        if (now - Volatile.Read(ref _sweptAt) >= Options.WindowSeconds * Stopwatch.Frequency) Sweep(now);
    }

    /// <summary>Forgets the buckets that are full again. One sweep at a time; a caller that finds one running goes on.</summary>
    private void Sweep(long now)
    {
        if (!_sweepGate.TryEnter()) return;
        try
        {
            Volatile.Write(ref _sweptAt, now);
            foreach (var (key, bucket) in _buckets)
            {
                lock (bucket)
                {
                    Refill(bucket, now);
                    if (bucket.Tokens < Options.PermitLimit) continue;
                    bucket.Forgotten = true;
                    _buckets.TryRemove(new KeyValuePair<string, Bucket>(key, bucket));
                }
            }
        }
        finally
        {
            _sweepGate.Exit();
        }
    }

    /// <summary>One client's tokens as of <see cref="UpdatedAt"/> (a Stopwatch timestamp); refilled lazily, no timer.</summary>
    private sealed class Bucket(double tokens, long updatedAt)
    {
        public double Tokens = tokens;
        public long UpdatedAt = updatedAt;

        /// <summary>Removed by a sweep: a spender holding it looks the client up again.</summary>
        public bool Forgotten;
    }
}
