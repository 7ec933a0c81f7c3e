using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace OpenData.Api.Site;

/// <summary>
/// The site's stylesheet and scripts (Site/Assets, embedded in the assembly): served at /site/{file}. Pages link
/// each with <c>?v=</c> and a hash of its bytes, so a file is cached for a year and a deployment that changes it
/// changes its URL. Same origin, nothing from elsewhere.
/// </summary>
public sealed class SiteAssets
{
    public static readonly SiteAssets Instance = new();

    private readonly Dictionary<string, Asset> _assets = new(StringComparer.Ordinal);

    private sealed record Asset(byte[] Bytes, string ContentType, string Hash);

    private SiteAssets()
    {
        var assembly = typeof(SiteAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("site/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            var file = name["site/".Length..];
            var type = Path.GetExtension(file) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            _assets[file] = new Asset(bytes, type, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
        }
    }

    /// <summary>The URL of an asset, versioned by its hash.</summary>
    public string Url(HttpContext context, string file) =>
        SitePage.Url(context, "/site/" + file) + "?v=" + (_assets.TryGetValue(file, out var asset) ? asset.Hash : throw new ArgumentException($"No site asset {file}."));

    /// <summary>GET /site/{file}.</summary>
    public IResult Serve(HttpContext context, string file)
    {
        if (!_assets.TryGetValue(file, out var asset)) return SitePage.Html(SitePage.NotFound(context), StatusCodes.Status404NotFound);
        var etag = new EntityTagHeaderValue("\"" + asset.Hash + "\"");
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = etag;
        // Immutable only under its own versioned URL; the bare URL is revalidated.
        headers.CacheControl = context.Request.Query["v"] == asset.Hash
            ? new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(365), Extensions = { new NameValueHeaderValue("immutable") } }
            : new CacheControlHeaderValue { Public = true, NoCache = true };
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }
}
