using System.Net;
using System.Text.Json.Nodes;
using OpenData.Import;
using OpenData.Tests.Import;

namespace OpenData.Tests.Http;

/// <summary>
/// The API describes the datapackage.json its store was built from: the import records the package in the store,
/// a changed description alone rebuilds the store (no new release: the rows are the same), and readiness refuses a
/// store whose package is not the one this build documents.
/// </summary>
public sealed class PackageMismatchTests : IDisposable
{
    private readonly TestApp _app = new(new Dictionary<string, string?>());
    private readonly SeedCopy _seed = new();

    [Fact]
    public async Task A_store_built_from_an_edited_package_is_not_ready_until_it_is_built_from_this_builds_package_again()
    {
        var client = _app.CreateClient();
        using (var ready = await client.GetAsync("/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // One description edited: the same rows, another package.
        _seed.ReplaceOnLine("datapackage.json", LineOf("\"description\": \"Entries of the high-level risk register"),
            "Entries of the high-level risk register", "Every entry of the high-level risk register");
        var edited = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = _seed.SeedData, DatabasePath = _app.DatabasePath });
        Assert.Equal(ImportOutcome.Rebuilt, edited.Outcome);
        Assert.Equal(1, edited.ReleaseId);

        using (var mismatch = await client.GetAsync("/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, mismatch.StatusCode);
            Assert.Equal("application/problem+json", mismatch.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(await mismatch.Content.ReadAsStringAsync())!;
            Assert.Equal("https://opendata.example/problems/package-mismatch", (string?)problem["type"]);
            Assert.Contains("another datapackage.json", (string?)problem["detail"]);
        }

        _seed.ReplaceOnLine("datapackage.json", LineOf("\"description\": \"Every entry of the high-level risk register"),
            "Every entry of the high-level risk register", "Entries of the high-level risk register");
        var restored = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = _seed.SeedData, DatabasePath = _app.DatabasePath });
        Assert.Equal(1, restored.ReleaseId);
        using var readyAgain = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }

    private int LineOf(string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(_seed.SeedData, "datapackage.json")), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    public void Dispose()
    {
        _app.Dispose();
        _seed.Dispose();
    }
}
