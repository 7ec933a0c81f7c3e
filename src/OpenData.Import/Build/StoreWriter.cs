using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OpenData.Import.Releases;
using OpenData.Store;

namespace OpenData.Import.Build;

/// <summary>What a build wrote: the content hash of the rows and what changed since the previous store.</summary>
/// <summary>The releases a new store holds and, per release, what it did to each dataset.</summary>
internal sealed record ReleaseHistory(IReadOnlyList<DataRelease> Releases, IReadOnlyList<ReleaseDataset> Datasets, StoredPackage Package);

internal sealed record WriteResult(string ContentHash, IReadOnlyDictionary<string, DatasetChanges> Changes, IReadOnlyList<DataRelease> Releases);

/// <summary>
/// Writes a complete store into a new SQLite file: schema from the EF model (EnsureCreated), rows with prepared
/// multi-row inserts in one transaction, secondary indexes built after the rows (one sort per index instead of a
/// million scattered inserts: measured 30% less CPU in total), then the releases through EF. The file ends in
/// rollback-journal mode (DELETE), so it is one self-contained file that can be renamed over the old one.
/// <para>
/// Two threads: one generates the rows and hashes them, the other binds and inserts, so generating and hashing
/// cost little wall time when a second core is free. SQLite itself (about 4 s of rows and 2.7 s of indexes per
/// million figures on the project's 2-core machine) is the floor. The file is flushed to disk behind the writer
/// (<see cref="FlushBehind"/>), so the fsync before the rename does not wait for the whole gigabyte.
/// </para>
/// </summary>
internal static class StoreWriter
{
    private const int ProgressEvery = 100_000;
    /// <summary>Rows per INSERT statement: fewer statements, same work per row. 32 measured as good as 64.</summary>
    private const int RowsPerStatement = 32;
    private const int RowsPerBatch = RowsPerStatement * 16;
    private const int Batches = 16;

    private sealed class Batch(int capacity, int width)
    {
        public TableRows Dataset = null!;
        public readonly object?[] Values = new object?[capacity * width];
        public readonly string[] Ids = new string[capacity];
        public readonly UInt128[] Hashes = new UInt128[capacity];
        public int Count;
        public bool Last;
    }

    /// <param name="changesRelease">The id the new release will have when there is a release before it: every id
    /// the diff finds is written to release_changes under it (and deleted again if the content turns out unchanged,
    /// so no release is made). Null for a store's first release, which lists no rows.</param>
    public static WriteResult Write(
        string path,
        IReadOnlyList<TableRows> datasets,
        PreviousStore? previous,
        int? changesRelease,
        Func<string, IReadOnlyDictionary<string, DatasetChanges>, ReleaseHistory> releasesFor,
        Action<string>? progress,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? searchFields = null,
        Action<SqliteConnection, CancellationToken>? writeCounts = null)
    {
        var clock = Stopwatch.StartNew();
        // Declared before the connection, so it is closed after it (see FlushBehind).
        using var flush = new FlushBehind(path);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        // Nothing needs to survive a crash while the file is still a temporary one: no journal, and SQLite never
        // waits for an fsync (FlushBehind flushes in the background; the one that counts is before the rename).
        // 16 KB pages: measured about a fifth less CPU than 4 KB pages for the million-row case (rows are ~350
        // bytes). Sorting for the indexes spills to temporary files rather than memory (same CPU, 140 MB less).
        Execute(connection, "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -16384; PRAGMA locking_mode = EXCLUSIVE;");
        StoreModel.CreateSchema(connection);

        var indexes = new List<(string Name, string Sql)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
            using var reader = command.ExecuteReader();
            while (reader.Read()) indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in indexes) Execute(connection, $"DROP INDEX \"{name}\"");

        var ordered = datasets.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray();
        var width = ordered.Max(d => d.Table.Columns.Length);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var full = new BlockingCollection<Batch>(Batches);
        using var free = new BlockingCollection<Batch>(Batches);
        for (var i = 0; i < Batches; i++) free.Add(new Batch(RowsPerBatch, width));
        string? contentHash = null;
        Exception? producerError = null;
        var producer = new Thread(() =>
        {
            try
            {
                contentHash = Produce(ordered, full, free, stop.Token);
            }
            catch (Exception e)
            {
                producerError = e;
            }
            finally
            {
                full.CompleteAdding();
            }
        }) { IsBackground = true, Name = "opendata-import rows" };
        producer.Start();

        var changes = new Dictionary<string, DatasetChanges>(StringComparer.Ordinal);
        try
        {
            using var transaction = connection.BeginTransaction();
            using var recorder = changesRelease is { } id ? new ChangeRecorder(connection, id) : null;
            if (previous is not null && recorder is not null) recorder.CarryOver(previous);
            Consume(connection, full, free, previous, recorder, changes, flush, progress, stop.Token);
            producer.Join();
            if (producerError is not null) throw new InvalidOperationException("Generating rows failed: " + producerError.Message, producerError);
            writeCounts?.Invoke(connection, stop.Token);
            // Datasets the previous store had and this one has not: all their rows are gone.
            if (previous is not null)
            {
                foreach (var name in previous.Datasets().Where(d => !changes.ContainsKey(d)))
                {
                    using var diff = new DatasetDiff(previous, name, recorder?.For(name));
                    changes[name] = diff.Finish();
                }
            }
            transaction.Commit();
        }
        finally
        {
            stop.Cancel();
            producer.Join();
        }
        progress?.Invoke($"wrote rows in {clock.Elapsed.TotalSeconds:F1} s; building indexes");
        flush.Start();

        foreach (var (_, sql) in indexes)
        {
            Execute(connection, sql);
            flush.Start();
        }
        BuildSearchIndex(connection, ordered, searchFields);

        var history = releasesFor(contentHash!, changes);
        var releases = history.Releases;
        // Content unchanged (a forced or schema rebuild): no release, so none of its change rows either.
        if (changesRelease is { } tentative && releases.All(r => r.Id != tentative))
        {
            Execute(connection, $"DELETE FROM release_changes WHERE release_id = {tentative}");
        }
        using (var context = StoreModel.CreateContext(connection))
        {
            context.Releases.AddRange(releases);
            context.ReleaseDatasets.AddRange(history.Datasets);
            context.Package.Add(history.Package);
            context.SaveChanges();
        }

        // Statistics for the query planner from a sample of each index (cheap; the API's queries pick the right
        // index from the start), then back to a rollback journal so the file needs no -wal beside it.
        Execute(connection, "PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA journal_mode = DELETE;");
        flush.Wait();
        progress?.Invoke($"built {path} in {clock.Elapsed.TotalSeconds:F1} s");
        return new WriteResult(contentHash!, changes, releases);
    }

    /// <summary>Fills the full-text table (StoreModel.CreateSchema): per dataset, one row per data row with any
    /// searchable text, the searchable fields joined by line breaks into one body that bm25 ranks as a whole.
    /// One INSERT ... SELECT per dataset from the rows just written, then an optimize (one b-tree segment).</summary>
    private static void BuildSearchIndex(SqliteConnection connection, TableRows[] datasets, IReadOnlyDictionary<string, IReadOnlyList<string>>? searchFields)
    {
        if (searchFields is null) return;
        foreach (var dataset in datasets)
        {
            if (!searchFields.TryGetValue(dataset.Name, out var fields)) continue;
            var key = dataset.Table.Columns[dataset.Table.Key[0]].Name;
            var body = string.Join(" || char(10) || ", fields.Select(f => $"coalesce(\"{f}\", '')"));
            var present = string.Join(" OR ", fields.Select(f => $"\"{f}\" IS NOT NULL"));
            Execute(connection, $"INSERT INTO search_index (dataset, row_id, body) SELECT '{dataset.Name}', \"{key}\", {body} FROM \"{dataset.Name}\" WHERE {present}");
        }
        Execute(connection, "INSERT INTO search_index (search_index) VALUES ('optimize')");
    }

    /// <summary>Generates every dataset's rows in id order, hashing each row, in batches for the writer.</summary>
    private static string Produce(TableRows[] datasets, BlockingCollection<Batch> full, BlockingCollection<Batch> free, CancellationToken token)
    {
        var hasher = new RowHasher();
        using var content = new ContentHash();
        foreach (var dataset in datasets)
        {
            var columns = dataset.Table.Columns.Length;
            var batch = Rent(dataset);
            var cursor = dataset.Open();
            var count = 0L;
            while (cursor.MoveNext())
            {
                var values = cursor.Values;
                var hash = hasher.Hash(values);
                content.Add(dataset.Name, cursor.Id, hash);
                Array.Copy(values, 0, batch.Values, batch.Count * columns, columns);
                batch.Ids[batch.Count] = cursor.Id;
                batch.Hashes[batch.Count] = hash;
                if (++batch.Count == RowsPerBatch)
                {
                    full.Add(batch, token);
                    batch = Rent(dataset);
                }
                count++;
            }
            ContentHasher.Check(dataset, count);
            batch.Last = true;
            full.Add(batch, token);
        }
        return content.Finish();

        Batch Rent(TableRows dataset)
        {
            var batch = free.Take(token);
            batch.Dataset = dataset;
            batch.Count = 0;
            batch.Last = false;
            return batch;
        }
    }

    private static void Consume(SqliteConnection connection, BlockingCollection<Batch> full, BlockingCollection<Batch> free, PreviousStore? previous,
        ChangeRecorder? recorder, Dictionary<string, DatasetChanges> changes, FlushBehind flush, Action<string>? progress, CancellationToken token)
    {
        Span<byte> hex = stackalloc byte[32];
        TableRows? current = null;
        PreparedInsert? many = null, one = null, hashesMany = null, hashesOne = null;
        DatasetDiff? diff = null;
        var written = 0L;
        try
        {
            foreach (var batch in full.GetConsumingEnumerable(token))
            {
                if (!ReferenceEquals(batch.Dataset, current))
                {
                    current = batch.Dataset;
                    var columns = current.Table.Columns.Select(c => c.Name).ToArray();
                    many = new PreparedInsert(connection, current.Name, columns, RowsPerStatement);
                    one = new PreparedInsert(connection, current.Name, columns);
                    hashesMany = new PreparedInsert(connection, "row_hashes", ["dataset", "row_id", "hash"], RowsPerStatement);
                    hashesOne = new PreparedInsert(connection, "row_hashes", ["dataset", "row_id", "hash"]);
                    diff = new DatasetDiff(previous, current.Name, recorder?.For(current.Name),
                        previous is not null && recorder is not null ? ChangedFields.Open(previous, current.Table) : null);
                }
                var width = current.Table.Columns.Length;
                var row = 0;
                while (row < batch.Count)
                {
                    var statement = batch.Count - row >= RowsPerStatement ? many! : one!;
                    var hashes = ReferenceEquals(statement, many) ? hashesMany! : hashesOne!;
                    for (var r = 0; r < statement.Rows; r++, row++)
                    {
                        var offset = row * width;
                        for (var c = 0; c < width; c++) statement.Bind(r * width + c, batch.Values[offset + c]);
                        hashes.Bind(r * 3, current.Name);
                        hashes.Bind(r * 3 + 1, batch.Ids[row]);
                        RowHasher.WriteHex(batch.Hashes[row], hex);
                        hashes.BindUtf8(r * 3 + 2, hex);
                        diff!.Observe(batch.Ids[row], batch.Hashes[row], batch.Values, offset);
                    }
                    statement.Run();
                    hashes.Run();
                }
                written += batch.Count;
                if (written / ProgressEvery != (written - batch.Count) / ProgressEvery)
                {
                    progress?.Invoke($"wrote {written / ProgressEvery * ProgressEvery:N0} rows ({current.Name})");
                    flush.Start();
                }
                if (batch.Last)
                {
                    changes[current.Name] = diff!.Finish();
                    DisposeAll();
                    current = null;
                }
                Array.Clear(batch.Values);
                free.Add(batch, token);
            }
        }
        finally
        {
            DisposeAll();
        }

        void DisposeAll()
        {
            many?.Dispose(); one?.Dispose(); hashesMany?.Dispose(); hashesOne?.Dispose(); diff?.Dispose();
            many = one = hashesMany = hashesOne = null;
            diff = null;
        }
    }

    /// <summary>
    /// Writes release_changes rows one at a time as the diff finds them (changes are few next to rows; each kind is
    /// appended in id order, so the inserts land at the ends of the key's b-tree), and copies the previous store's.
    /// A changed row carries its changed fields (<see cref="ChangedFields"/>).
    /// </summary>
    private sealed class ChangeRecorder(SqliteConnection connection, int releaseId) : IDisposable
    {
        private readonly PreparedInsert _insert = new(connection, "release_changes", ["release_id", "dataset", "change", "row_id", "changed_fields"]);

        public Action<string, string, string?> For(string dataset) => (change, id, fields) => Insert(releaseId, dataset, change, id, fields);

        public void CarryOver(PreviousStore previous)
        {
            foreach (var (release, dataset, change, id, fields) in previous.ReleaseChanges()) Insert(release, dataset, change, id, fields);
        }

        private void Insert(long release, string dataset, string change, string id, string? fields)
        {
            _insert.Bind(0, release);
            _insert.Bind(1, dataset);
            _insert.Bind(2, change);
            _insert.Bind(3, id);
            _insert.Bind(4, fields);
            _insert.Run();
        }

        public void Dispose() => _insert.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
