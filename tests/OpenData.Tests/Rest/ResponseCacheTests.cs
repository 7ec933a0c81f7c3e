using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpenData.Api.Rest;
using OpenData.Tests.Http;

namespace OpenData.Tests.Rest;

/// <summary>
/// The REST response cache: a repeated JSON request is answered from memory with the same body and validators
/// until the data release changes. Each test has its own app and store, because the tests change the store
/// underneath the app (something only a re-import does in real life) to tell a cached answer from a fresh one.
/// </summary>
public sealed class ResponseCacheTests : IDisposable
{
    private const string Wards = "/api/v1/areas?type=ward&boundary_set=2014&parent_code=E09000020&fields=code,name";

    private readonly TestApp _app = new(new Dictionary<string, string?>());
    private readonly HttpClient _client;

    public ResponseCacheTests() => _client = _app.CreateClient();

    [Fact]
    public async Task A_repeated_list_request_is_answered_from_memory_until_the_release_changes()
    {
        using var first = await _client.GetAsync(Wards);
        Assert.Equal("Abingdon", await WardNameAsync(first));
        Execute("UPDATE areas SET name = 'Renamed' WHERE code = 'E05009388'");

        using var again = await _client.GetAsync(Wards);
        Assert.Equal("Abingdon", await WardNameAsync(again));
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal(first.Content.Headers.LastModified, again.Content.Headers.LastModified);
        Assert.Equal(first.Headers.GetValues("X-Data-Release"), again.Headers.GetValues("X-Data-Release"));

        Execute("""
            INSERT INTO releases (id, imported_at, content_hash, row_counts, changes, source_last_modified)
            SELECT id + 1, imported_at, 'f' || substr(content_hash, 2), row_counts, changes, source_last_modified FROM releases WHERE id = 1;
            INSERT INTO release_datasets (release_id, dataset, added, removed, changed, ids_complete, modified) VALUES (2, 'areas', 0, 0, 1, 1, 1);
            """);
        using var next = await _client.GetAsync(Wards);
        Assert.Equal("Renamed", await WardNameAsync(next));
        Assert.Equal(["2"], next.Headers.GetValues("X-Data-Release"));
        Assert.NotEqual(first.Headers.ETag, next.Headers.ETag);
    }

    [Fact]
    public async Task Cache_control_no_cache_gets_a_fresh_answer()
    {
        using var first = await _client.GetAsync(Wards);
        Execute("UPDATE areas SET name = 'Renamed' WHERE code = 'E05009388'");
        using var request = new HttpRequestMessage(HttpMethod.Get, Wards);
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        using var fresh = await _client.SendAsync(request);
        Assert.Equal("Renamed", await WardNameAsync(fresh));
    }

    [Fact]
    public async Task Answers_are_kept_per_query_string_and_accept_exactly_as_sent()
    {
        using var json = await _client.GetAsync("/api/v1/areas?type=ward");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        // Parameter names are case-sensitive: a cache that folded case would answer this with the 200 above.
        using var wrongCase = await _client.GetAsync("/api/v1/areas?TYPE=ward");
        await ProblemAssert.IsProblemAsync(wrongCase, 400, "unknown-parameter", invalidParams: ["TYPE"]);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/areas?type=ward");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csv = await _client.SendAsync(request);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_cached_answer_still_revalidates_with_its_etag()
    {
        using var first = await _client.GetAsync(Wards);
        using var cached = await _client.GetAsync(Wards);
        Assert.NotNull(cached.Headers.ETag);
        using var request = new HttpRequestMessage(HttpMethod.Get, Wards);
        request.Headers.IfNoneMatch.Add(cached.Headers.ETag!);
        using var revalidated = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task Different_accept_headers_that_pick_the_same_representation_share_one_entry()
    {
        var cache = _app.Services.GetRequiredService<RestResponseCache>();
        string? firstBody = null;
        for (var i = 0; i < 40; i++)
        {
            // Each Accept is unique and a few KB long, as in the attack that grew memory without bound.
            using var request = new HttpRequestMessage(HttpMethod.Get, Wards);
            request.Headers.TryAddWithoutValidation("Accept", $"application/json, text/x-{i}-{new string('a', 3000)};q=0.1");
            using var response = await _client.SendAsync(request);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            firstBody ??= body;
            Assert.Equal(firstBody, body);
        }

        Assert.Equal(1, cache.EntryCount);
        Assert.InRange(cache.CountedBytes, firstBody!.Length, firstBody.Length + 2 * Wards.Length + 4096);
    }

    [Fact]
    public async Task Json_and_geojson_of_one_path_are_kept_apart()
    {
        const string Ward = "/api/v1/areas/E05009388";
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var type in new[] { "application/geo+json", "application/json", "*/*" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, Ward);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
                using var response = await _client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(type == "application/geo+json" ? "application/geo+json" : "application/json", response.Content.Headers.ContentType?.MediaType);
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                Assert.Equal(type == "application/geo+json" ? "Feature" : null, (string?)body["type"]);
            }
        }
        Assert.Equal(2, _app.Services.GetRequiredService<RestResponseCache>().EntryCount);
    }

    [Fact]
    public async Task Unique_long_query_strings_never_take_the_cache_over_its_byte_limit()
    {
        const long Limit = 1024 * 1024;
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["ResponseCache:SizeLimitMegabytes"] = "1",
            ["ResponseCache:MaxKeyBytes"] = "16384",
        });
        using var client = app.CreateClient();
        var cache = app.Services.GetRequiredService<RestResponseCache>();
        var path = "";
        for (var i = 0; i < 100; i++)
        {
            // About 12 KB of query string each: 100 of them hold 2.4 MB of keys alone (UTF-16) if nothing bounded them.
            path = $"/api/v1/areas?name={i}{new string('x', 12_000)}";
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.InRange(cache.CountedBytes, 0, Limit);
        }

        Assert.True(cache.EntryCount > 0, "some responses were kept");
        // Each entry is counted at no less than its key: the keys are what the attack grew memory with.
        Assert.True(cache.CountedBytes >= cache.EntryCount * 2L * path.Length, $"{cache.CountedBytes} bytes counted for {cache.EntryCount} entries");
    }

    [Fact]
    public async Task A_query_string_longer_than_the_key_limit_is_not_kept()
    {
        var cache = _app.Services.GetRequiredService<RestResponseCache>();
        var tooLong = "/api/v1/areas?name=" + new string('x', new ResponseCacheOptions().MaxKeyBytes);

        using var response = await _client.GetAsync(tooLong);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, cache.EntryCount);

        using var shorter = await _client.GetAsync("/api/v1/areas?name=x");
        Assert.Equal(HttpStatusCode.OK, shorter.StatusCode);
        Assert.Equal(1, cache.EntryCount);
    }

    [Fact]
    public async Task Switched_off_every_request_reads_the_store()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["ResponseCache:Enabled"] = "false" });
        using var client = app.CreateClient();
        using var first = await client.GetAsync(Wards);
        Assert.Equal("Abingdon", await WardNameAsync(first));
        Execute(app.DatabasePath, "UPDATE areas SET name = 'Renamed' WHERE code = 'E05009388'");
        using var again = await client.GetAsync(Wards);
        Assert.Equal("Renamed", await WardNameAsync(again));
    }

    private static async Task<string?> WardNameAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (string?)body["data"]!.AsArray().Single(a => (string?)a!["code"] == "E05009388")!["name"];
    }

    private void Execute(string sql) => Execute(_app.DatabasePath, sql);

    private static void Execute(string databasePath, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
    }
}
