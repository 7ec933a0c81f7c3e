using System.Net;

namespace OpenData.Tests.Http;

public sealed class StartupTests
{
    [Fact]
    public async Task A_missing_store_is_built_from_the_seed_data_before_the_first_request()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["SeedData:BuildOnStartup"] = "true" }, copyStore: false);

        var ready = await app.CreateClient().GetAsync("/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(File.Exists(app.DatabasePath));
    }

    [Fact]
    public async Task A_store_newer_than_the_seed_data_is_served_as_it_is()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["SeedData:BuildOnStartup"] = "true" });
        var builtAt = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(app.DatabasePath, builtAt);

        var ready = await app.CreateClient().GetAsync("/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(builtAt, File.GetLastWriteTimeUtc(app.DatabasePath));
    }
}
