using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenData.Store;

namespace OpenData.Tests.Http;

public sealed class HealthTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Health_says_ok_and_is_never_cached()
    {
        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Ready_names_the_data_release_being_served()
    {
        var response = await _client.GetAsync("/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        var release = body.RootElement.GetProperty("release");
        Assert.True(release.GetProperty("id").GetInt32() >= 1);
        Assert.Matches("^[0-9a-f]{64}$", release.GetProperty("content_hash").GetString());
        Assert.Equal(release.GetProperty("id").GetInt32().ToString(), response.Headers.GetValues("X-Data-Release").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Head_on_health_answers_without_a_body()
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Ready_is_a_503_problem_when_the_store_is_missing_while_health_stays_ok()
    {
        using var missing = new TestApp(settings: null, copyStore: false);
        var client = missing.CreateClient();

        var ready = await client.GetAsync("/ready");
        var health = await client.GetAsync("/health");

        await ProblemAssert.IsProblemAsync(ready, 503, "store-unavailable");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Ready_is_a_503_problem_when_the_store_holds_no_release()
    {
        using var empty = new TestApp(settings: null, copyStore: false);
        var options = new DbContextOptionsBuilder<OpenDataDbContext>().UseSqlite($"Data Source={empty.DatabasePath};Pooling=false").Options;
        await using (var db = new OpenDataDbContext(options))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var ready = await empty.CreateClient().GetAsync("/ready");

        await ProblemAssert.IsProblemAsync(ready, 503, "no-data-release");
    }
}
