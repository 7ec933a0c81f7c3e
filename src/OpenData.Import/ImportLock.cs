namespace OpenData.Import;

/// <summary>Another import holds the lock on the database; nothing was written.</summary>
public sealed class ImportLockedException(string lockPath, TimeSpan waited)
    : IOException($"another import holds {lockPath}; try again when it finishes (waited {waited.TotalSeconds:0.#} s)")
{
    public string LockPath { get; } = lockPath;
}

/// <summary>
/// One import at a time per database: an exclusive lock on <c>&lt;database&gt;.lock</c> beside it, held from before
/// the old store is read until the new one is renamed over it. Without it two imports both read release 1, both
/// write "release 2", and the second rename silently drops the first one's release. The lock is the operating
/// system's (FileShare.None: flock on Linux and macOS, a share-mode lock on Windows), so it goes when its process
/// dies, however it dies; the empty file itself stays and is harmless (deleting it on release would let a waiter
/// lock a file that a newcomer has already replaced).
/// </summary>
public sealed class ImportLock : IDisposable
{
    /// <summary>How often a waiting import tries again.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);

    private readonly FileStream _file;

    private ImportLock(FileStream file) => _file = file;

    /// <summary>The lock file of a database.</summary>
    public static string PathFor(string databasePath) => Path.GetFullPath(databasePath) + ".lock";

    /// <summary>Takes the lock, waiting up to <paramref name="wait"/> for another import to finish; throws
    /// <see cref="ImportLockedException"/> when it does not in time.</summary>
    public static ImportLock Acquire(string databasePath, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var path = PathFor(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new ImportLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new ImportLockedException(path, wait);
                cancellationToken.WaitHandle.WaitOne(left < RetryInterval ? left : RetryInterval);
            }
        }
    }

    /// <summary>
    /// Deletes what killed imports left beside the database: their half-built <c>&lt;database&gt;.tmp-*</c> files
    /// (and SQLite's journals of them). Only safe while holding the lock: then no live import is writing one.
    /// </summary>
    public IReadOnlyList<string> RemoveLeftovers(string databasePath)
    {
        var full = Path.GetFullPath(databasePath);
        var directory = Path.GetDirectoryName(full)!;
        var removed = new List<string>();
        if (!Directory.Exists(directory)) return removed;
        foreach (var file in Directory.EnumerateFiles(directory, Path.GetFileName(full) + ".tmp-*"))
        {
            try
            {
                File.Delete(file);
                removed.Add(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next import; it is only disk space.
            }
        }
        return removed;
    }

    public void Dispose() => _file.Dispose();
}
