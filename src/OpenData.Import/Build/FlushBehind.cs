namespace OpenData.Import.Build;

/// <summary>
/// Flushes the file being built to disk on a background thread while the build goes on. The build writes with
/// synchronous=OFF, so without this every byte (a gigabyte at a million rows) waits in the page cache for the one
/// fsync before the rename, and that fsync was about a sixth of the import's wall time. Flushing behind the
/// writer overlaps the disk with the CPU-bound inserts and index sorts; the final fsync before the rename only
/// has what was written since the last flush. Durability is unchanged: it is still that final fsync that counts.
/// <para>
/// The file is opened once and closed only after SQLite has closed it: closing another descriptor of a file
/// drops the POSIX locks SQLite holds on it.
/// </para>
/// </summary>
internal sealed class FlushBehind : IDisposable
{
    private readonly FileStream _file;
    private Task _flushing = Task.CompletedTask;

    public FlushBehind(string path)
    {
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <summary>Starts flushing what has been written so far, unless a flush is still running (it takes the rest later).</summary>
    public void Start()
    {
        if (!_flushing.IsCompleted) return;
        _flushing.GetAwaiter().GetResult();
        _flushing = Task.Run(() => _file.Flush(flushToDisk: true));
    }

    /// <summary>Waits for the running flush; throws what it threw.</summary>
    public void Wait() => _flushing.GetAwaiter().GetResult();

    public void Dispose()
    {
        try
        {
            _flushing.Wait();
        }
        catch (AggregateException)
        {
            // Only on the way out of a failed build: the file is deleted, its flush does not matter.
        }
        _file.Dispose();
    }
}
