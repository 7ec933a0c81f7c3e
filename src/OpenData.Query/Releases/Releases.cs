using Microsoft.EntityFrameworkCore;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>The data release a response was read from.</summary>
public sealed record ReleaseInfo(int Id, DateTimeOffset ImportedAt, string ContentHash, DateTimeOffset SourceLastModified);

/// <summary>One import of seed-data/: what it contained and what changed since the release before it.</summary>
public sealed class ReleaseDto
{
    // The fields: names, descriptions and examples are in seed-data/datapackage.json (computed ones in the
    // descriptor below), which the documentation of both front doors reads.
    public int Id { get; init; }
    public DateTimeOffset ImportedAt { get; init; }
    public required string ContentHash { get; init; }
    public required string RowCounts { get; init; }
    public required string Changes { get; init; }
    public DateTimeOffset SourceLastModified { get; init; }

    public static readonly Dataset<DataRelease, ReleaseDto> Dataset = new(
        "releases", "releases", db => db.Releases,
        r => new ReleaseDto
        {
            Id = r.Id,
            ImportedAt = r.ImportedAt,
            ContentHash = r.ContentHash,
            RowCounts = r.RowCounts,
            Changes = r.Changes,
            SourceLastModified = r.SourceLastModified,
        },
        key: "id",
        defaultSort: [new SortField("id", SortDirection.Descending)],
        computedFields: new Dictionary<string, ComputedField>
        {
            ["id"] = new("Sequence number of the release, 1 for the first import into this store.", "1"),
            ["imported_at"] = new("When the import ran (ISO 8601).", "2025-11-22T02:14:39+00:00"),
            ["content_hash"] = new("SHA-256 (hex) over every dataset's rows in key order: equal content gives an equal hash.", "1b6f6772be36ff87b6028bd4a96700db86dca959c32d98594a166fa38418b522"),
            ["row_counts"] = new("Rows per dataset (datapackage resource name to count).", "{\"areas\":60,\"crime_figures\":70837}"),
            ["changes"] = new("What changed since the previous release, per dataset: added, removed and changed counts, and the ids of each kind (the first 50 in id order; ids_complete is false when a list was cut there: the full list is /api/v1/releases/{id}/changes, GraphQL Release.changedRows).", "{\"areas\":{\"added\":1,\"removed\":0,\"changed\":0,\"ids_complete\":true,\"added_ids\":[\"kc-test-place\"],\"removed_ids\":[],\"changed_ids\":[]}}"),
            ["source_last_modified"] = new("Last-modified time of the newest input file of the import.", "2025-11-22T01:59:00+00:00"),
        },
        jsonFields: ["row_counts", "changes"],
        title: "Data releases",
        description: "One entry per import of the seed data: when it ran, a hash of its content, rows per dataset and what changed since the release before.");
}

/// <summary>
/// The data a response reads, as of the current release: <paramref name="Release"/> is the newest release that
/// modified any of the datasets read (their rows are the same in every release since), and <paramref name="Key"/>
/// names each dataset read with the id and content hash of the release that last modified it. Equal keys mean
/// equal data, whatever releases came in between; the content hash is there because a store rebuilt from nothing
/// numbers its releases from 1 again.
/// </summary>
public sealed record DataVersion(ReleaseInfo Release, string Key);

/// <summary>
/// Which release the store holds. Read on every call (one indexed row) rather than cached, because a re-import
/// replaces the store under a running server; the per-dataset modified releases are cached per release.
/// </summary>
public sealed class ReleaseReader
{
    // One reference, swapped whole, so concurrent requests see either the old map or the new one.
    private volatile ModifiedMap? _modified;

    private sealed record ModifiedMap(ReleaseInfo Current, IReadOnlyDictionary<string, ReleaseInfo> Map);

    /// <summary>The newest release, or null when the store has never been imported into.</summary>
    public Task<ReleaseInfo?> GetCurrentAsync(OpenDataDbContext db, CancellationToken cancellationToken = default) => ReadCurrentAsync(db, cancellationToken);

    /// <summary>The newest release, or null (see <see cref="GetCurrentAsync"/>).</summary>
    // Not a compiled query: one is bound to the model it first ran with, and a process can serve contexts of more
    // than one model (SQLite and PostgreSQL, the tests' stores).
    internal static Task<ReleaseInfo?> ReadCurrentAsync(OpenDataDbContext db, CancellationToken cancellationToken) =>
        db.Releases.AsNoTracking()
            .OrderByDescending(r => r.Id)
            .Select(r => new ReleaseInfo(r.Id, r.ImportedAt, r.ContentHash, r.SourceLastModified))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Each dataset's (datapackage resource name's) modified release: the newest release up to
    /// <paramref name="current"/> that release_datasets marks as having changed its rows (the first release that has
    /// the dataset counts). Datasets the store has never held are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ReleaseInfo>> GetModifiedReleasesAsync(OpenDataDbContext db, ReleaseInfo current, CancellationToken cancellationToken = default)
    {
        // The whole record is compared: a store rebuilt from nothing reuses release ids.
        if (_modified is { } cached && cached.Current == current) return cached.Map;

        var rows = await (
                from d in db.ReleaseDatasets.AsNoTracking()
                where d.Modified && d.ReleaseId <= current.Id
                join r in db.Releases.AsNoTracking() on d.ReleaseId equals r.Id
                select new { d.Dataset, Release = new ReleaseInfo(r.Id, r.ImportedAt, r.ContentHash, r.SourceLastModified) })
            .ToListAsync(cancellationToken);
        var map = new Dictionary<string, ReleaseInfo>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!map.TryGetValue(row.Dataset, out var known) || known.Id < row.Release.Id) map[row.Dataset] = row.Release;
        }
        _modified = new ModifiedMap(current, map);
        return map;
    }

    /// <summary>When each dataset last changed: the <c>imported_at</c> of its modified release.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetDatasetLastModifiedAsync(OpenDataDbContext db, ReleaseInfo current, CancellationToken cancellationToken = default)
    {
        var map = await GetModifiedReleasesAsync(db, current, cancellationToken);
        return map.ToDictionary(p => p.Key, p => p.Value.ImportedAt, StringComparer.Ordinal);
    }

    /// <summary>
    /// The data version of a response reading <paramref name="resourceNames"/>. A name the store has no modified
    /// release for (not a dataset of rows, e.g. releases itself) counts as modified by the current release, and so
    /// does a response that names none: when unsure, the validators move.
    /// </summary>
    public async Task<DataVersion> GetDataVersionAsync(OpenDataDbContext db, ReleaseInfo current, IEnumerable<string> resourceNames, CancellationToken cancellationToken = default)
    {
        var map = await GetModifiedReleasesAsync(db, current, cancellationToken);
        var names = resourceNames.Distinct().Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0) names.Add("");
        var newest = (ReleaseInfo?)null;
        var key = new System.Text.StringBuilder();
        foreach (var name in names)
        {
            var modified = map.GetValueOrDefault(name) ?? current;
            key.Append(name).Append('\t').Append(modified.Id).Append('\t').Append(modified.ContentHash).Append('\n');
            if (newest is null || modified.Id > newest.Id) newest = modified;
        }
        return new DataVersion(newest!, key.ToString());
    }
}
