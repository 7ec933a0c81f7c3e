using System.Text;
using OpenData.Import;
using OpenData.Tests.Import;

namespace OpenData.Tests.Rest;

/// <summary>
/// An export streams in keyset batches (here of 10 rows, so it takes dozens of queries), and a re-import renames a
/// new store over the one being served. The export reads one release from its first row to its last, the one its
/// X-Data-Release and ETag name, however late in it the import lands.
/// </summary>
public sealed class ExportSnapshotTests : IDisposable
{
    // The last row of the actions export in its default order (by id).
    private const string LastId = "rbkc-nrs-2003-a022";
    private const string Original = "The release of 'small area' statistics";
    private const string Revised = "The release of 'small-area' statistics";

    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Query:StreamBatchSize"] = "10" });
    private readonly SeedCopy _seed = new();

    [Fact]
    public async Task An_export_running_across_a_reimport_is_the_release_its_headers_name_from_first_row_to_last()
    {
        var client = _app.CreateClient();
        using var whole = await client.GetAsync("/api/v1/actions?format=csv");
        var release1 = await whole.Content.ReadAsStringAsync();
        Assert.Contains(Original, release1);

        using var response = await client.GetAsync("/api/v1/actions?format=csv", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("1", response.Headers.GetValues("X-Data-Release").Single());
        Assert.Equal(whole.Headers.ETag, response.Headers.ETag);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[4096];
        // The first batches are written; the rest wait for the client to read (the response body is a bounded pipe).
        received.Write(buffer, 0, await body.ReadAtLeastAsync(buffer, buffer.Length));

        var line = Array.FindIndex(File.ReadAllLines(_seed.Path("actions.csv")), l => l.StartsWith(LastId + ",", StringComparison.Ordinal)) + 1;
        _seed.ReplaceOnLine("actions.csv", line, Original, Revised);
        var import = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = _seed.SeedData, DatabasePath = _app.DatabasePath });
        Assert.Equal(ImportOutcome.Imported, import.Outcome);

        await body.CopyToAsync(received);
        Assert.Equal(release1, Encoding.UTF8.GetString(received.ToArray()));

        // The import did land, and changed the export's last row: the next export is release 2's.
        using var next = await client.GetAsync("/api/v1/actions?format=csv");
        Assert.Equal("2", next.Headers.GetValues("X-Data-Release").Single());
        Assert.NotEqual(whole.Headers.ETag, next.Headers.ETag);
        Assert.Contains(Revised, await next.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        _app.Dispose();
        _seed.Dispose();
    }
}
