using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace OpenData.Tests.Site;

/// <summary>What a page costs a reader on the wire (issue 14: at most 50 kB of gzipped HTML), and its revalidation.</summary>
public static class PageWeight
{
    public const int MaxGzippedBytes = 50_000;

    /// <summary>GETs a page as a browser does (gzip accepted), asserts a gzipped 200 of at most
    /// <see cref="MaxGzippedBytes"/>, and returns the response with its HTML unzipped.</summary>
    public static async Task<(HttpResponseMessage Response, int GzippedBytes, string Html)> GetAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        var gzipped = await response.Content.ReadAsByteArrayAsync();
        Assert.True(gzipped.Length <= MaxGzippedBytes, $"{path}: {gzipped.Length} bytes gzipped");
        using var html = new StreamReader(new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress));
        return (response, gzipped.Length, await html.ReadToEndAsync());
    }

    /// <summary>Asks again with the page's ETag and asserts the 304 a cache would get.</summary>
    public static async Task AssertRevalidatedAsync(HttpClient client, string path, HttpResponseMessage first)
    {
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag ?? throw new Xunit.Sdk.XunitException($"{path}: no ETag"));
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }
}
