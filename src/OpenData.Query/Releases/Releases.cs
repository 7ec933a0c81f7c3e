using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>The data release a response was read from.</summary>
public sealed record ReleaseInfo(int Id, DateTimeOffset ImportedAt, string ContentHash, DateTimeOffset SourceLastModified);

/// <summary>One import of seed-data/: what it contained and what changed since the release before it.</summary>
public sealed class ReleaseDto
{
    /// <summary>Sequence number of the release, 1 for the first import into this store.</summary>
    /// <example>1</example>
    public int Id { get; init; }

    /// <summary>When the import ran.</summary>
    /// <example>2025-11-22T02:14:39+00:00</example>
    public DateTimeOffset ImportedAt { get; init; }

    /// <summary>SHA-256 (hex) over every dataset's rows in key order: equal content gives an equal hash.</summary>
    /// <example>1b6f6772be36ff87b6028bd4a96700db86dca959c32d98594a166fa38418b522</example>
    public required string ContentHash { get; init; }

    /// <summary>Rows per dataset (datapackage resource name to count), a JSON object.</summary>
    /// <example>{"areas":60,"crime_figures":70837}</example>
    public required string RowCounts { get; init; }

    /// <summary>What changed since the previous release per dataset: added, removed and changed counts, and the ids of
    /// each kind (the first 50 in id order; <c>ids_complete</c> is false when a list was cut there: the full list is
    /// <c>/api/v1/releases/{id}/changes</c>, GraphQL <c>Release.changedRows</c>), a JSON object.</summary>
    /// <example>{"areas":{"added":1,"removed":0,"changed":0,"ids_complete":true,"added_ids":["kc-test-place"],"removed_ids":[],"changed_ids":[]}}</example>
    public required string Changes { get; init; }

    /// <summary>Last-modified time of the newest input file of the import.</summary>
    /// <example>2025-11-22T01:59:00+00:00</example>
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
        computedFieldDescriptions: new Dictionary<string, string>
        {
            ["id"] = "Sequence number of the release, 1 for the first import into this store.",
            ["imported_at"] = "When the import ran (ISO 8601).",
            ["content_hash"] = "SHA-256 (hex) over every dataset's rows in key order: equal content gives an equal hash.",
            ["row_counts"] = "Rows per dataset (datapackage resource name to count).",
            ["changes"] = "What changed since the previous release, per dataset: added, removed and changed counts, and the ids of each kind (the first 50 in id order; ids_complete is false when a list was cut there: the full list is /api/v1/releases/{id}/changes, GraphQL Release.changedRows).",
            ["source_last_modified"] = "Last-modified time of the newest input file of the import.",
        },
        jsonFields: ["row_counts", "changes"],
        title: "Data releases",
        description: "One entry per import of the seed data: when it ran, a hash of its content, rows per dataset and what changed since the release before.");
}

/// <summary>
/// Which release the store holds. Read on every call (one indexed row) rather than cached, because a re-import
/// replaces the store under a running server; the per-dataset last-modified map is cached per release id.
/// </summary>
public sealed class ReleaseReader
{
    // One reference, swapped whole, so concurrent requests see either the old map or the new one.
    private volatile LastModifiedMap? _lastModified;

    private sealed record LastModifiedMap(int ReleaseId, IReadOnlyDictionary<string, DateTimeOffset> Map);

    /// <summary>The newest release, or null when the store has never been imported into.</summary>
    public async Task<ReleaseInfo?> GetCurrentAsync(OpenDataDbContext db, CancellationToken cancellationToken = default)
    {
        return await db.Releases.AsNoTracking()
            .OrderByDescending(r => r.Id)
            .Select(r => new ReleaseInfo(r.Id, r.ImportedAt, r.ContentHash, r.SourceLastModified))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// When each dataset (datapackage resource name) last changed: the <c>imported_at</c> of the newest release whose
    /// <c>changes</c> record additions, removals or changes for it (the first release that has the dataset counts
    /// as a change). Datasets never seen map to the current release's time.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetDatasetLastModifiedAsync(OpenDataDbContext db, ReleaseInfo current, CancellationToken cancellationToken = default)
    {
        if (_lastModified is { } cached && cached.ReleaseId == current.Id) return cached.Map;

        var releases = await db.Releases.AsNoTracking().OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.ImportedAt, r.RowCounts, r.Changes })
            .ToListAsync(cancellationToken);
        var map = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var release in releases)
        {
            foreach (var dataset in DatasetsIn(release.RowCounts))
            {
                map.TryAdd(dataset, release.ImportedAt);
            }
            foreach (var dataset in ChangedDatasets(release.Changes))
            {
                map[dataset] = release.ImportedAt;
            }
        }
        _lastModified = new LastModifiedMap(current.Id, map);
        return map;
    }

    /// <summary>The time the given datasets last changed (the newest of them), or the release time.</summary>
    public async Task<DateTimeOffset> GetLastModifiedAsync(OpenDataDbContext db, ReleaseInfo current, IEnumerable<string> resourceNames, CancellationToken cancellationToken = default)
    {
        var map = await GetDatasetLastModifiedAsync(db, current, cancellationToken);
        DateTimeOffset? newest = null;
        foreach (var name in resourceNames)
        {
            if (map.TryGetValue(name, out var time) && (newest is null || time > newest)) newest = time;
        }
        return newest ?? current.ImportedAt;
    }

    private static IEnumerable<string> DatasetsIn(string json)
    {
        using var document = TryParse(json);
        if (document?.RootElement.ValueKind != JsonValueKind.Object) return [];
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
    }

    private static IEnumerable<string> ChangedDatasets(string json)
    {
        using var document = TryParse(json);
        if (document?.RootElement.ValueKind != JsonValueKind.Object) return [];
        return document.RootElement.EnumerateObject().Where(p => HasChange(p.Value)).Select(p => p.Name).ToList();
    }

    // Any non-zero count or non-empty list in a dataset's entry means it changed; the import decides the exact shape.
    private static bool HasChange(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.TryGetDouble(out var d) && d != 0,
        JsonValueKind.Array => element.GetArrayLength() > 0,
        JsonValueKind.Object => element.EnumerateObject().Any(p => HasChange(p.Value)),
        JsonValueKind.True => true,
        _ => false,
    };

    private static JsonDocument? TryParse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
