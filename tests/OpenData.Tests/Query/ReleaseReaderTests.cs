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
    public async Task A_dataset_last_changed_in_the_newest_release_that_changed_it()
    {
        _store.Db.Releases.AddRange(
            new DataRelease
            {
                Id = 1, ImportedAt = First, ContentHash = "a",
                RowCounts = """{"areas":6,"sources":1}""",
                Changes = """{"areas":{"added":6,"removed":0,"changed":0},"sources":{"added":1,"removed":0,"changed":0}}""",
            },
            new DataRelease
            {
                Id = 2, ImportedAt = Second, ContentHash = "b",
                RowCounts = """{"areas":6,"sources":1,"risks":0}""",
                Changes = """{"areas":{"added":0,"removed":0,"changed":1,"changed_ids":["a1"]},"sources":{"added":0,"removed":0,"changed":0},"risks":{"added":0}}""",
            });
        await _store.Db.SaveChangesAsync();

        var current = await _reader.GetCurrentAsync(_store.Db);
        Assert.Equal(new ReleaseInfo(2, Second, "b", default), current);
        var map = await _reader.GetDatasetLastModifiedAsync(_store.Db, current!);
        Assert.Equal(Second, map["areas"]);
        Assert.Equal(First, map["sources"]);
        Assert.Equal(Second, map["risks"]);
        Assert.Equal(Second, await _reader.GetLastModifiedAsync(_store.Db, current!, ["sources", "areas"]));
        Assert.Equal(First, await _reader.GetLastModifiedAsync(_store.Db, current!, ["sources"]));
        Assert.Equal(Second, await _reader.GetLastModifiedAsync(_store.Db, current!, ["not-a-dataset"]));
    }

    public void Dispose() => _store.Dispose();
}
