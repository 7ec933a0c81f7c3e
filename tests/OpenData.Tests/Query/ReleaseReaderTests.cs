using OpenData.Query;
using OpenData.Store;

namespace OpenData.Tests.Query;

/// <summary>Which release a response comes from, and when each dataset last changed (Last-Modified).</summary>
public sealed class ReleaseReaderTests : IDisposable
{
    private readonly QueryStore _store = new();
    private readonly ReleaseReader _reader = new();
    private static readonly DateTimeOffset First = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_empty_store_has_no_release()
    {
        Assert.Null(await _reader.GetCurrentAsync(_store.Db));
    }

    [Fact]
    public async Task A_dataset_last_changed_in_the_newest_release_that_modified_it()
    {
        _store.Db.Releases.AddRange(
            new DataRelease { Id = 1, ImportedAt = First, ContentHash = "a", RowCounts = "{}", Changes = "{}" },
            new DataRelease { Id = 2, ImportedAt = Second, ContentHash = "b", RowCounts = "{}", Changes = "{}" });
        _store.Db.ReleaseDatasets.AddRange(
            new ReleaseDataset { ReleaseId = 1, Dataset = "areas", Added = 6, IdsComplete = true, Modified = true },
            new ReleaseDataset { ReleaseId = 1, Dataset = "sources", Added = 1, IdsComplete = true, Modified = true },
            new ReleaseDataset { ReleaseId = 2, Dataset = "areas", Changed = 1, IdsComplete = true, Modified = true },
            // Unchanged rows: ids_complete is true, and that is no change.
            new ReleaseDataset { ReleaseId = 2, Dataset = "sources", IdsComplete = true, Modified = false },
            // First seen, empty: modified by the release that first has it.
            new ReleaseDataset { ReleaseId = 2, Dataset = "risks", IdsComplete = true, Modified = true });
        await _store.Db.SaveChangesAsync();

        var current = await _reader.GetCurrentAsync(_store.Db);
        Assert.Equal(new ReleaseInfo(2, Second, "b", default), current);
        var map = await _reader.GetDatasetLastModifiedAsync(_store.Db, current!);
        Assert.Equal(Second, map["areas"]);
        Assert.Equal(First, map["sources"]);
        Assert.Equal(Second, map["risks"]);

        Assert.Equal(2, (await _reader.GetDataVersionAsync(_store.Db, current!, ["sources", "areas"])).Release.Id);
        var sources = await _reader.GetDataVersionAsync(_store.Db, current!, ["sources"]);
        Assert.Equal(1, sources.Release.Id);
        Assert.Equal(First, sources.Release.ImportedAt);
        // The sources' version is the one release 1 had: validators derived from it do not move.
        var asOfFirst = await new ReleaseReader().GetDataVersionAsync(_store.Db, (await _reader.GetModifiedReleasesAsync(_store.Db, current!))["sources"], ["sources"]);
        Assert.Equal(asOfFirst, sources);
        // What the store knows nothing of counts as changed by the current release.
        Assert.Equal(2, (await _reader.GetDataVersionAsync(_store.Db, current!, ["not-a-dataset"])).Release.Id);
        Assert.Equal(2, (await _reader.GetDataVersionAsync(_store.Db, current!, [])).Release.Id);
    }

    public void Dispose() => _store.Dispose();
}
