using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace OpenData.Api.Http;

/// <summary>
/// Brotli or gzip for JSON, CSV and GeoJSON (text that shrinks five- to tenfold). On over HTTPS too: BREACH
/// needs a secret reflected next to attacker-chosen input, and this API has no secrets, cookies or tokens.
/// Fastest levels: the CPU is better spent on queries than on the last few percent.
/// </summary>
public static class Compression
{
    public static IServiceCollection AddApiCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
            [
                "application/problem+json", "application/geo+json", "text/csv", "application/graphql-response+json",
            ]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }
}
