using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace OpenData.Api.Http;

/// <summary>Reverse proxies whose X-Forwarded-* headers are believed. Bound from "ForwardedHeaders".</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>
    /// Addresses of the proxies in front of the API (e.g. <c>10.0.0.5</c>). None by default, and loopback is not
    /// trusted either: only these may set the client address the rate limit is keyed by; anyone else's
    /// X-Forwarded-For is ignored, or a client could dodge its limit by inventing addresses.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR notation (e.g. <c>10.0.0.0/24</c>, <c>fd00::/64</c>). None by default.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

public static class ForwardedHeaders
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:KnownProxies must be IP addresses.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "ForwardedHeaders:KnownNetworks must be CIDR networks (e.g. 10.0.0.0/24).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((options, proxies) =>
        {
            // ASP.NET Core trusts loopback out of the box. Not here: on a shared host, or behind a local tunnel that
            // does not set the header itself, any local client could then name any address and never be limited.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            // With both lists empty the middleware believes every sender, so no proxy configured means no header read.
            if (proxies.Value.KnownProxies.Length == 0 && proxies.Value.KnownNetworks.Length == 0)
            {
                options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None;
                return;
            }
            options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Value.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in proxies.Value.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }
}
