using System.Net;
using OpenData.Import;

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

    [Fact]
    public async Task A_stale_store_whose_import_lock_is_held_is_served_as_it_is_and_not_rebuilt()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["SeedData:BuildOnStartup"] = "true", ["SeedData:ImportLockWaitSeconds"] = "0" });
        var builtAt = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(app.DatabasePath, builtAt);

        // Another import (opendata-import, another instance starting) is building this store.
        using (ImportLock.Acquire(app.DatabasePath, TimeSpan.Zero))
        {
            var ready = await app.CreateClient().GetAsync("/ready");

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal(builtAt, File.GetLastWriteTimeUtc(app.DatabasePath));
        }
    }

    [Fact]
    public void With_no_store_and_the_import_lock_held_the_api_does_not_start()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["SeedData:BuildOnStartup"] = "true", ["SeedData:ImportLockWaitSeconds"] = "0" }, copyStore: false);
        using (ImportLock.Acquire(app.DatabasePath, TimeSpan.Zero))
        {
            var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient());
            Assert.Contains("another import holds", refused.ToString());
            Assert.False(File.Exists(app.DatabasePath));
        }
    }
}
