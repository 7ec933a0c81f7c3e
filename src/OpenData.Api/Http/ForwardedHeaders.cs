using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace OpenData.Api.Http;

/// <summary>Reverse proxies whose X-Forwarded-* headers are believed. Bound from "ForwardedHeaders".</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>
    /// Addresses of the proxies in front of the API. Loopback is always trusted. Only these may set the client
    /// address the rate limit is keyed by; anyone else's X-Forwarded-For is ignored, or a client could dodge its
    /// limit by inventing addresses.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];
}

public static class ForwardedHeaders
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:KnownProxies must be IP addresses.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<ProxyOptions>>((options, proxies) =>
        {
            options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Value.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        });
        return services;
    }
}
