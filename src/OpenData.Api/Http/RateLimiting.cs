using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OpenData.Api.Http;

/// <summary>
/// Per-client request limit. Bound from the "RateLimit" configuration section. Each client has a token bucket
/// holding <see cref="PermitLimit"/> requests that refills at <see cref="PermitLimit"/> per
/// <see cref="WindowSeconds"/>: a map that loads 100 tiles at once is fine, a scraper looping all day runs at the
/// steady rate. Defaults: 120 per 60 s.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Off: no limit and no RateLimit-* headers (e.g. behind a gateway that limits instead).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests a client may burst, and the number it regains per window.</summary>
    public int PermitLimit { get; set; } = 120;

    /// <summary>Seconds over which a client regains <see cref="PermitLimit"/> requests, one at a time.</summary>
    public int WindowSeconds { get; set; } = 60;

    internal TimeSpan TokenPeriod => TimeSpan.FromSeconds((double)WindowSeconds / PermitLimit);
}

/// <summary>
/// Rate limiting with the built-in limiter, partitioned by client address (an IPv6 client by its /64, which is
/// what one subscriber is usually given). There are no API keys: the data is public and anonymous, and a key
/// scheme would need sign-up, storage and revocation for no gain here.
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
            .Validate(o => o.PermitLimit >= 1 && o.WindowSeconds >= 1, "RateLimit: PermitLimit and WindowSeconds must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<ClientLimiter>();
        services.AddRateLimiter(static _ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ClientLimiter>(static (options, limiter) =>
        {
            options.GlobalLimiter = limiter.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = limiter.OnRejectedAsync;
        });
        return services;
    }

    /// <summary>The limiter and, right after it, the RateLimit-* headers of the request's partition.</summary>
    public static IApplicationBuilder UseApiRateLimiting(this IApplicationBuilder app)
    {
        var limiter = app.ApplicationServices.GetRequiredService<ClientLimiter>();
        app.UseRateLimiter();
        if (!limiter.Options.Enabled) return app;
        return app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is null)
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode != StatusCodes.Status429TooManyRequests)
                    {
                        var remaining = limiter.Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
                        limiter.WriteHeaders(context.Response, remaining);
                    }
                    return Task.CompletedTask;
                });
            }
            return next(context);
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

    internal sealed class ClientLimiter
    {
        public ClientLimiter(IOptions<RateLimitOptions> options)
        {
            Options = options.Value;
            var settings = new TokenBucketRateLimiterOptions
            {
                TokenLimit = Options.PermitLimit,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = Options.TokenPeriod,
                QueueLimit = 0,
                AutoReplenishment = true,
            };
            var enabled = Options.Enabled;
            Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var key = ClientKey(context.Connection.RemoteIpAddress);
                return enabled
                    ? RateLimitPartition.GetTokenBucketLimiter(key, _ => settings)
                    : RateLimitPartition.GetNoLimiter(key);
            });
        }

        public RateLimitOptions Options { get; }

        public PartitionedRateLimiter<HttpContext> Limiter { get; }

        public void WriteHeaders(HttpResponse response, long remaining)
        {
            var headers = response.Headers;
            headers[LimitHeader] = Options.PermitLimit.ToString(CultureInfo.InvariantCulture);
            headers[RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
            var untilFull = Math.Ceiling((Options.PermitLimit - remaining) * Options.TokenPeriod.TotalSeconds);
            headers[ResetHeader] = ((long)untilFull).ToString(CultureInfo.InvariantCulture);
            headers[PolicyHeader] = string.Create(CultureInfo.InvariantCulture, $"{Options.PermitLimit};w={Options.WindowSeconds}");
        }

        public async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
        {
            var context = rejected.HttpContext;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                ? Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds))
                : (long)Math.Ceiling(Options.TokenPeriod.TotalSeconds);
            WriteHeaders(context.Response, 0);
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests,
                detail: string.Create(CultureInfo.InvariantCulture,
                    $"Too many requests from your address: the limit is {Options.PermitLimit} requests per {Options.WindowSeconds} seconds. Retry after {retryAfter} seconds; conditional requests (If-None-Match) that come back 304 are not counted."));
        }
    }
}
