using System.Net;
using System.Net.Http.Headers;

namespace OpenData.Tests.Http;

public sealed class ConditionalRequestTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Areas = "/api/v1/areas?limit=5";

    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_data_response_carries_a_strong_etag_last_modified_and_its_release()
    {
        var response = await _client.GetAsync(Areas);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Matches("^\"[0-9]+-[0-9a-f]{32}\"$", etag.Tag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Matches("^[0-9]+$", response.Headers.GetValues("X-Data-Release").Single());
    }

    [Fact]
    public async Task Data_is_cacheable_by_anyone_for_five_minutes_and_varies_by_accept_and_encoding()
    {
        var response = await _client.GetAsync(Areas);

        var cacheControl = response.Headers.CacheControl!;
        Assert.True(cacheControl.Public);
        Assert.Equal(TimeSpan.FromSeconds(300), cacheControl.MaxAge);
        Assert.Contains(cacheControl.Extensions, e => e.Name == "stale-while-revalidate");
        Assert.Equal(["Accept", "Accept-Encoding"], response.Headers.Vary);
    }

    [Fact]
    public async Task Sending_the_etag_back_answers_304_with_no_body()
    {
        var first = await _client.GetAsync(Areas);

        var second = await SendAsync(Areas, r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!));

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(first.Headers.CacheControl, second.Headers.CacheControl);
        Assert.Equal(first.Headers.Vary, second.Headers.Vary);
        Assert.Equal(first.Headers.GetValues("X-Data-Release"), second.Headers.GetValues("X-Data-Release"));
    }

    [Fact]
    public async Task An_etag_among_several_or_weakened_still_matches()
    {
        var first = await _client.GetAsync(Areas);
        var tag = first.Headers.ETag!.Tag;

        var second = await SendAsync(Areas, r => r.Headers.TryAddWithoutValidation("If-None-Match", $"\"0-stale\", W/{tag}"));

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task A_stale_etag_gets_the_full_response()
    {
        var response = await SendAsync(Areas, r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"1-00000000000000000000000000000000\"")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_etag_names_the_request_not_the_order_of_its_parameters()
    {
        var a = await _client.GetAsync("/api/v1/areas?limit=5&sort=name");
        var b = await _client.GetAsync("/api/v1/areas?sort=name&limit=5");
        var c = await _client.GetAsync("/api/v1/areas?sort=name&limit=6");

        Assert.Equal(a.Headers.ETag, b.Headers.ETag);
        Assert.NotEqual(a.Headers.ETag, c.Headers.ETag);
    }

    [Fact]
    public async Task Each_representation_has_its_own_etag()
    {
        var json = await SendAsync(Areas, r => r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json")));
        var csv = await SendAsync(Areas, r => r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv")));

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.NotEqual(json.Headers.ETag, csv.Headers.ETag);
    }

    [Fact]
    public async Task A_compressed_response_has_its_own_etag_which_also_revalidates()
    {
        var plain = await _client.GetAsync(Areas);
        var gzip = await SendAsync(Areas, r => r.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip")));

        Assert.Equal("gzip", Assert.Single(gzip.Content.Headers.ContentEncoding));
        Assert.Equal(plain.Headers.ETag!.Tag.TrimEnd('"') + "-gzip\"", gzip.Headers.ETag!.Tag);

        var revalidated = await SendAsync(Areas, r =>
        {
            r.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            r.Headers.IfNoneMatch.Add(gzip.Headers.ETag);
        });
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(gzip.Headers.ETag, revalidated.Headers.ETag);
    }

    [Fact]
    public async Task If_modified_since_the_last_modified_answers_304()
    {
        var first = await _client.GetAsync(Areas);

        var second = await SendAsync(Areas, r => r.Headers.IfModifiedSince = first.Content.Headers.LastModified);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_modified_since_long_ago_gets_the_full_response()
    {
        var response = await SendAsync(Areas, r => r.Headers.IfModifiedSince = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task If_none_match_decides_when_both_validators_are_sent()
    {
        var first = await _client.GetAsync(Areas);

        var response = await SendAsync(Areas, r =>
        {
            r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0-stale\""));
            r.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Head_has_the_same_validators_as_get_and_no_body()
    {
        var get = await _client.GetAsync(Areas);

        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Areas));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/api/v1/crime-figures?format=csv", null)]
    [InlineData("/api/v1/crime-figures?format=csv&bom=true", "gzip")]
    [InlineData("/api/v1/areas?type=ward&format=geojson", "gzip")]
    public async Task Head_on_a_streamed_export_has_the_headers_of_get_and_no_body(string url, string? encoding)
    {
        void Configure(HttpRequestMessage request)
        {
            if (encoding is not null) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        }

        var get = await SendAsync(url, Configure);
        using var headRequest = new HttpRequestMessage(HttpMethod.Head, url);
        Configure(headRequest);
        var head = await _client.SendAsync(headRequest);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal(get.Content.Headers.ContentEncoding, head.Content.Headers.ContentEncoding);
        Assert.Equal(get.Content.Headers.ContentDisposition, head.Content.Headers.ContentDisposition);
        Assert.Equal(get.Content.Headers.LastModified, head.Content.Headers.LastModified);
        Assert.Equal(get.Headers.GetValues("X-Data-Release"), head.Headers.GetValues("X-Data-Release"));
    }

    [Fact]
    public async Task Errors_are_never_cached_and_carry_no_validators()
    {
        var response = await _client.GetAsync("/api/v1/areas/E99999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Null(response.Headers.ETag);
    }

    [Fact]
    public async Task The_openapi_document_is_validated_by_a_hash_of_its_bytes()
    {
        var first = await _client.GetAsync("/swagger/v1/swagger.json");
        var bytes = await first.Content.ReadAsByteArrayAsync();

        var second = await SendAsync("/swagger/v1/swagger.json", r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!));

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)[..16]);
        Assert.Equal($"\"{expected}\"", first.Headers.ETag!.Tag);
        Assert.False(first.Headers.ETag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(string path, Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure(request);
        return await _client.SendAsync(request);
    }
}
