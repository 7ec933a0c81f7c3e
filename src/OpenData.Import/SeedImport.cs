using System.Diagnostics;
using System.Text.Json;
using OpenData.Import.Build;
using OpenData.Import.Releases;
using OpenData.Import.Validation;
using OpenData.Store;

namespace OpenData.Import;

/// <summary>What to import from where.</summary>
public sealed class ImportOptions
{
    /// <summary>Folder holding datapackage.json and the files it declares.</summary>
    public required string SeedDataDirectory { get; init; }

    /// <summary>SQLite file to build. Its folder is created when missing.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Rebuild the database even when its content hash says it is up to date.</summary>
    public bool Force { get; init; }

    /// <summary>How many errors to list; the rest are only counted.</summary>
    public int MaxErrors { get; init; } = ErrorList.DefaultCap;

    /// <summary>One line per step (files checked, hash, release): for a console or a logger.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Frequent progress lines on large inputs (every 100,000 rows written): for an interactive console.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>How long to wait for another import of the same database to finish (<see cref="ImportLock"/>) before
    /// giving up with <see cref="ImportLockedException"/>. Zero: give up at once.</summary>
    public TimeSpan LockWait { get; init; }
}

public enum ImportOutcome
{
    /// <summary>Content changed (or there was no database): a new release was written.</summary>
    Imported,
    /// <summary>Content unchanged but the file was rebuilt (--force, or the store schema changed); no new release.</summary>
    Rebuilt,
    /// <summary>The database already holds this content; it was left as it was.</summary>
    UpToDate,
    /// <summary>EnsureCurrentAsync found the database newer than every seed file and did not look further.</summary>
    Skipped,
    /// <summary>Seed data has errors: nothing was written and the previous database is untouched.</summary>
    Invalid,
}

public sealed class ImportResult
{
    public required ImportOutcome Outcome { get; init; }
    public required string DatabasePath { get; init; }
    /// <summary>The errors listed (at most <see cref="ImportOptions.MaxErrors"/>), in file and line order.</summary>
    public IReadOnlyList<ImportError> Errors { get; init; } = [];
    /// <summary>All errors found, listed or not.</summary>
    public int ErrorCount { get; init; }
    /// <summary>The release the database is at after this run.</summary>
    public int? ReleaseId { get; init; }
    public string? ContentHash { get; init; }
    /// <summary>Dataset name to row count.</summary>
    public IReadOnlyDictionary<string, long> RowCounts { get; init; } = new Dictionary<string, long>();
    /// <summary>Rows written to the new database, all datasets (zero when nothing was written).</summary>
    public long RowsWritten { get; init; }
    public IReadOnlyDictionary<string, DatasetChanges> Changes { get; init; } = new Dictionary<string, DatasetChanges>();
    public TimeSpan Elapsed { get; init; }

    public bool Succeeded => Outcome != ImportOutcome.Invalid;
}

/// <summary>
/// The import: validates seed-data/ against its datapackage.json and builds the store from it as a data release.
/// Used by the opendata-import command and by the API at start-up (<see cref="EnsureCurrentAsync"/>).
/// </summary>
public static class SeedImport
{
    /// <summary>
    /// Validates every file, then builds the database in a temporary file beside <see cref="ImportOptions.DatabasePath"/>
    /// and renames it over the old one. On any validation error nothing is written and the old file is untouched.
    /// When the content hash equals the latest release's, the database is left as it is (unless Force).
    /// </summary>
    public static Task<ImportResult> ImportAsync(ImportOptions options, CancellationToken cancellationToken = default) =>
        Task.Run(() => Import(options, cancellationToken), cancellationToken);

    /// <summary>
    /// Imports when the database is missing or older than any file under the seed-data folder; otherwise returns
    /// <see cref="ImportOutcome.Skipped"/> at the cost of a directory listing. Meant for application start-up.
    /// An <see cref="ImportOutcome.Invalid"/> result leaves an existing database in place: the caller decides
    /// whether to serve it (and log the errors) or to stop.
    /// </summary>
    public static Task<ImportResult> EnsureCurrentAsync(string seedDataDirectory, string databasePath, Action<string>? log = null, CancellationToken cancellationToken = default) =>
        EnsureCurrentAsync(seedDataDirectory, databasePath, TimeSpan.Zero, log, cancellationToken);

    /// <summary>As <see cref="EnsureCurrentAsync(string, string, Action{string}?, CancellationToken)"/>, waiting up to
    /// <paramref name="lockWait"/> for an import already running on the same database.</summary>
    public static Task<ImportResult> EnsureCurrentAsync(string seedDataDirectory, string databasePath, TimeSpan lockWait, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        if (File.Exists(databasePath) && Directory.Exists(seedDataDirectory))
        {
            if (NewestFile(seedDataDirectory) <= File.GetLastWriteTimeUtc(databasePath))
            {
                return Task.FromResult(new ImportResult { Outcome = ImportOutcome.Skipped, DatabasePath = databasePath });
            }
        }
        return ImportAsync(new ImportOptions { SeedDataDirectory = seedDataDirectory, DatabasePath = databasePath, Log = log, LockWait = lockWait }, cancellationToken);
    }

    private static DateTime NewestFile(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();

    /// <summary>Only validates: the errors, or none.</summary>
    public static ErrorList Validate(string seedDataDirectory, int maxErrors = ErrorList.DefaultCap)
    {
        var errors = new ErrorList(maxErrors);
        SeedValidator.Validate(seedDataDirectory, StoreModel.Load(), errors, log: null);
        return errors;
    }

    private static ImportResult Import(ImportOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var log = options.Log;
        var databasePath = Path.GetFullPath(options.DatabasePath);
        // Held until the new file is renamed over the old one (or the import fails): the next import then reads
        // this one's release as its previous one.
        using var importLock = ImportLock.Acquire(databasePath, options.LockWait, cancellationToken);
        foreach (var leftover in importLock.RemoveLeftovers(databasePath)) log?.Invoke($"removed {leftover}, left by an import that did not finish");
        var model = StoreModel.Load();

        var errors = new ErrorList(options.MaxErrors);
        var seed = SeedValidator.Validate(options.SeedDataDirectory, model, errors, log);
        if (seed is null)
        {
            return new ImportResult { Outcome = ImportOutcome.Invalid, DatabasePath = databasePath, Errors = errors.Kept, ErrorCount = errors.Total, Elapsed = clock.Elapsed };
        }
        log?.Invoke($"validated {seed.FileCount} files in {clock.Elapsed.TotalSeconds:F1} s");
        cancellationToken.ThrowIfCancellationRequested();

        var datasets = StoreRows.From(seed, model);
        var rowCounts = datasets.Select(d => (Name: d.Name, Count: d.Count)).Append((Name: "crime_counts", Count: seed.Counts.Count))
            .OrderBy(d => d.Name, StringComparer.Ordinal).ToDictionary(d => d.Name, d => d.Count);

        // The package as validated: stored with the data, so the API can tell that it describes this package.
        var packageBytes = File.ReadAllBytes(Path.Combine(options.SeedDataDirectory, "datapackage.json"));
        var package = new StoredPackage
        {
            Id = 1,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(packageBytes)),
            Json = System.Text.Encoding.UTF8.GetString(packageBytes),
        };

        using var previous = PreviousStore.Open(databasePath, options.Force, log);
        var sameSchema = previous is not null && previous.Schema.SetEquals(StoreModel.ExpectedSchema());
        // A changed description alone (same rows) rebuilds the store without a new release, so it names its package.
        if (previous?.Latest is { } latest && sameSchema && !options.Force && previous.PackageSha256() == package.Sha256)
        {
            // Hash first (about a second per million rows): an unchanged package should cost no write at all.
            var hash = ContentHasher.Compute(datasets);
            log?.Invoke($"content hash {hash} ({clock.Elapsed.TotalSeconds:F1} s)");
            if (hash == latest.ContentHash)
            {
                // Mark the file as current with respect to seed-data/ so EnsureCurrentAsync does not check again.
                var newest = NewestFile(options.SeedDataDirectory);
                File.SetLastWriteTimeUtc(databasePath, newest > DateTime.UtcNow ? newest : DateTime.UtcNow);
                return new ImportResult
                {
                    Outcome = ImportOutcome.UpToDate,
                    DatabasePath = databasePath,
                    ReleaseId = latest.Id,
                    ContentHash = hash,
                    RowCounts = rowCounts,
                    Elapsed = clock.Elapsed,
                };
            }
        }

        var directory = Path.GetDirectoryName(databasePath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $"{Path.GetFileName(databasePath)}.tmp-{Guid.NewGuid():N}");
        DataRelease? release = null;
        WriteResult written;
        try
        {
            // The id a new release would take. The first release of a store lists no rows in release_changes: every
            // row was added, and its counts say so.
            var nextId = previous?.Latest is { } newest ? newest.Id + 1 : 1;
            int? changesRelease = previous?.Latest is null ? null : nextId;
            written = StoreWriter.Write(temporary, datasets, previous, changesRelease, (contentHash, changes) =>
            {
                var releases = previous?.Releases.ToList() ?? [];
                var datasetRows = previous?.ReleaseDatasets() ?? [];
                if (releases.LastOrDefault()?.ContentHash != contentHash)
                {
                    // A dataset is modified by the release that first has it, and then only by one that changes its rows.
                    var seen = datasetRows.Select(d => d.Dataset).ToHashSet(StringComparer.Ordinal);
                    foreach (var (name, c) in changes.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        datasetRows.Add(new ReleaseDataset
                        {
                            ReleaseId = nextId,
                            Dataset = name,
                            Added = c.Added,
                            Removed = c.Removed,
                            Changed = c.Changed,
                            IdsComplete = c.IdsComplete,
                            Modified = c.Any || !seen.Contains(name),
                        });
                    }
                    release = new DataRelease
                    {
                        Id = nextId,
                        // Whole microseconds, PostgreSQL's precision: a release reads the same from either store.
                        ImportedAt = WholeMicroseconds(DateTimeOffset.UtcNow),
                        ContentHash = contentHash,
                        RowCounts = JsonSerializer.Serialize(rowCounts),
                        Changes = DatasetChanges.ToJson(changes),
                        SourceLastModified = WholeMicroseconds(seed.SourceLastModified),
                    };
                    releases.Add(release);
                }
                return new ReleaseHistory(releases, datasetRows, package);
            }, options.Progress, cancellationToken, StoreModel.SearchFields(seed.Package, model),
                (connection, token) =>
                {
                    StoreRows.NumberAreasAndCategories(connection);
                    var categories = StoreRows.Numbers(datasets, "offence_categories");
                    seed.Counts.Write(connection, StoreRows.Numbers(datasets, "areas"), categories, StoreRows.PoliceUkNumbers(datasets),
                        categories.TryGetValue("police-uk-all-crime", out var all) ? all : null, StoreRows.BoroughNumbers(datasets), options.Progress, token);
                });
            previous?.Dispose();
            Swap(temporary, databasePath);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }

        log?.Invoke(release is null
            ? $"rebuilt {databasePath}: content unchanged, still release {written.Releases[^1].Id}"
            : $"wrote release {release.Id} to {databasePath}");
        return new ImportResult
        {
            Outcome = release is null ? ImportOutcome.Rebuilt : ImportOutcome.Imported,
            DatabasePath = databasePath,
            ReleaseId = written.Releases.Count > 0 ? written.Releases[^1].Id : null,
            ContentHash = written.ContentHash,
            RowCounts = rowCounts,
            RowsWritten = datasets.Sum(d => d.Count) + seed.Counts.Count,
            Changes = written.Changes,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>
    /// Makes the new file durable, then renames it over the old one: readers see either the old store or the new
    /// one, never a half-written file. A -journal, -wal or -shm left beside the old file belongs to the old file
    /// and would be applied to the new one, so it goes first.
    /// </summary>
    private static void Swap(string temporary, string target)
    {
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Flush(flushToDisk: true);
        }
        foreach (var suffix in new[] { "-journal", "-wal", "-shm" }) DeleteQuietly(target + suffix);
        File.Move(temporary, target, overwrite: true);
    }

    private static DateTimeOffset WholeMicroseconds(DateTimeOffset time) => new(time.Ticks - time.Ticks % 10, time.Offset);

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
