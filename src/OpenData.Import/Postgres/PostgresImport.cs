using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenData.Import.Build;
using OpenData.Store;

namespace OpenData.Import.Postgres;

/// <summary>What <see cref="PostgresImport.RollbackAsync"/> did.</summary>
public sealed record RollbackResult(string ServedSchema, int ReleaseId, string KeptSchema, int KeptReleaseId);

/// <summary>
/// The import into PostgreSQL: the same validation, content hash, release records and change lists as the SQLite
/// store, because it is the same import. The served release is read back into a temporary SQLite file (all but
/// the counts: a few thousand rows), <see cref="SeedImport"/> builds the new release there exactly as it builds
/// the embedded store, and the result is copied with binary COPY into a new schema, keys and indexes built after
/// the rows. One UPDATE of <c>opendata.served</c> then switches every instance to it (<see cref="PostgresLayout"/>).
/// <para>
/// One import at a time: a session advisory lock, held from before the served release is read until after the
/// switch (it goes with the session, however the import ends). A failed or cancelled import drops its schema; one
/// killed outright leaves a schema nothing names, which the next import drops. The served release is never
/// written to. The release before it is kept for <see cref="RollbackAsync"/>; older ones are dropped.
/// </para>
/// </summary>
public static class PostgresImport
{
    /// <summary>How long dropping an old release schema may wait for readers still on it before leaving it to the
    /// next import.</summary>
    private const string DropLockTimeout = "5s";

    public static Task<ImportResult> ImportAsync(ImportOptions options, string connectionString, CancellationToken cancellationToken = default) =>
        Task.Run(() => Import(options, connectionString, cancellationToken), cancellationToken);

    private static async Task<ImportResult> Import(ImportOptions options, string connectionString, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var log = options.Log;
        await using var session = await OpenAsync(connectionString, cancellationToken);
        var label = $"PostgreSQL database {session.Database} on {session.Host}";
        await LockAsync(session, options.LockWait, label, cancellationToken);
        await ExecuteAsync(session, PostgresLayout.CreateControl, cancellationToken);
        var served = await PostgresLayout.ReadServedAsync(session, cancellationToken);
        await DropDebrisAsync(session, served, log, cancellationToken);

        var schema = PostgresSchema.Current;
        var work = Directory.CreateTempSubdirectory("opendata-postgres-import-").FullName;
        try
        {
            var build = Path.Combine(work, "opendata.db");
            var force = options.Force;
            if (served is not null)
            {
                if (served.StoreSchema != schema.Fingerprint)
                {
                    // Content unchanged still rebuilds (outcome Rebuilt, no new release), as for an SQLite file of an older schema.
                    log?.Invoke($"the served release {served.ReleaseId} ({served.Current}) has another store schema: rebuilding");
                    force = true;
                }
                var rows = ReadBack(session, served.Current, build, schema, cancellationToken);
                log?.Invoke($"read release {served.ReleaseId} back from {served.Current}: {rows:N0} rows ({clock.Elapsed.TotalSeconds:F1} s)");
            }

            var result = await SeedImport.ImportAsync(new ImportOptions
            {
                SeedDataDirectory = options.SeedDataDirectory,
                DatabasePath = build,
                Force = force,
                MaxErrors = options.MaxErrors,
                Log = log is null ? null : line => log(line.Replace(build, "the build", StringComparison.Ordinal)),
                Progress = options.Progress,
            }, cancellationToken);
            if (result.Outcome is ImportOutcome.Invalid or ImportOutcome.UpToDate)
            {
                return Relabel(result, label, clock.Elapsed);
            }

            var target = PostgresLayout.NewReleaseSchema(result.ReleaseId!.Value);
            try
            {
                var copied = await LoadAsync(connectionString, build, target, schema, options.Progress, log, cancellationToken);
                await SwitchAsync(session, served, target, result.ReleaseId.Value, schema.Fingerprint, log, cancellationToken);
                log?.Invoke($"serving release {result.ReleaseId} from {target}; {copied:N0} rows copied");
            }
            catch
            {
                await DropQuietlyAsync(connectionString, target);
                throw;
            }
            return Relabel(result, $"{label}, schema {target}", clock.Elapsed);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
            // The advisory lock goes with the session (disposed by the caller's await using): also after a failure.
        }
    }

    /// <summary>
    /// Serves a store already built by the SQLite import (<paramref name="sqlitePath"/>) from PostgreSQL as it is:
    /// its rows and its release history, copied and switched to as an import's are. The tests use it to serve the
    /// very same release from both stores; an import into PostgreSQL goes through <see cref="ImportAsync"/>.
    /// Returns the new schema's name.
    /// </summary>
    public static async Task<string> PublishAsync(string sqlitePath, string connectionString, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(connectionString, cancellationToken);
        await LockAsync(session, TimeSpan.FromSeconds(60), session.Database ?? "", cancellationToken);
        await ExecuteAsync(session, PostgresLayout.CreateControl, cancellationToken);
        var served = await PostgresLayout.ReadServedAsync(session, cancellationToken);
        await DropDebrisAsync(session, served, null, cancellationToken);
        int release;
        using (var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            sqlite.Open();
            using var command = sqlite.CreateCommand();
            command.CommandText = "SELECT max(id) FROM releases";
            release = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        var target = PostgresLayout.NewReleaseSchema(release);
        try
        {
            await LoadAsync(connectionString, sqlitePath, target, PostgresSchema.Current, null, null, cancellationToken);
            await SwitchAsync(session, served, target, release, PostgresSchema.Current.Fingerprint, null, cancellationToken);
        }
        catch
        {
            await DropQuietlyAsync(connectionString, target);
            throw;
        }
        return target;
    }

    /// <summary>
    /// Serves the previous release again. The current one becomes the previous one (nothing is dropped), so a
    /// second rollback undoes the first. Waits for, or refuses during, a running import like an import does.
    /// </summary>
    public static async Task<RollbackResult> RollbackAsync(string connectionString, TimeSpan lockWait, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(connectionString, cancellationToken);
        var label = $"PostgreSQL database {session.Database} on {session.Host}";
        await LockAsync(session, lockWait, label, cancellationToken);
        var served = await PostgresLayout.ReadServedAsync(session, cancellationToken)
            ?? throw new InvalidOperationException($"{label} holds no release: nothing to roll back");
        if (served.Previous is null) throw new InvalidOperationException($"{label} keeps no release before release {served.ReleaseId}: nothing to roll back to");
        if (!await SchemaExistsAsync(session, served.Previous, cancellationToken))
        {
            throw new InvalidOperationException($"the previous release's schema {served.Previous} is missing from {label}: nothing to roll back to");
        }
        await using var read = session.CreateCommand();
        read.CommandText = $"SELECT max(id) FROM {PostgresLayout.Quote(served.Previous)}.releases";
        var previousRelease = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        // Which store schema the previous release was built with is not kept: the next import rebuilds rather than diffs.
        const string storeSchema = "unknown: rolled back";
        await using var update = session.CreateCommand();
        update.CommandText = "UPDATE opendata.served SET served_schema = $1, previous_schema = $2, release_id = $3, store_schema = $4, switched_at = now() WHERE id = 1";
        update.Parameters.Add(new NpgsqlParameter { Value = served.Previous });
        update.Parameters.Add(new NpgsqlParameter { Value = served.Current });
        update.Parameters.Add(new NpgsqlParameter { Value = previousRelease });
        update.Parameters.Add(new NpgsqlParameter { Value = storeSchema });
        await update.ExecuteNonQueryAsync(cancellationToken);
        log?.Invoke($"serving release {previousRelease} from {served.Previous} again; release {served.ReleaseId} ({served.Current}) is kept as the previous one");
        return new RollbackResult(served.Previous, previousRelease, served.Current, served.ReleaseId);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection;
        try
        {
            // Not pooled: the import's advisory lock is a session lock, and a pooled connection keeps its session
            // (and the lock) after it is closed, until it is reused. Closed, this one ends its session.
            connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"the PostgreSQL connection string is not valid: {e.Message}", e);
        }
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"cannot connect to PostgreSQL ({PostgresLayout.Describe(connectionString)}): {e.Message}", e);
        }
    }

    private static async Task LockAsync(NpgsqlConnection session, TimeSpan wait, string label, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        await using var command = session.CreateCommand();
        command.CommandText = $"SELECT pg_try_advisory_lock({PostgresLayout.ImportLockKey})";
        while (await command.ExecuteScalarAsync(cancellationToken) is not true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new ImportLockedException($"the import lock (an advisory lock) of {label}", wait);
            await Task.Delay(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>Schemas named like a release that opendata.served names neither as current nor previous: left by
    /// an import that was killed, or by an old release whose drop timed out. Only safe under the lock.</summary>
    private static async Task DropDebrisAsync(NpgsqlConnection session, PostgresLayout.Served? served, Action<string>? log, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await using (var list = session.CreateCommand())
        {
            list.CommandText = "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY nspname";
            list.Parameters.Add(new NpgsqlParameter { Value = PostgresLayout.ReleaseSchemaPrefix });
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) names.Add(reader.GetString(0));
        }
        foreach (var name in names.Where(n => n != served?.Current && n != served?.Previous))
        {
            if (await TryDropAsync(session, name, cancellationToken)) log?.Invoke($"removed schema {name}, left by an import that did not finish");
        }
    }

    private static long ReadBack(NpgsqlConnection session, string servedSchema, string path, PostgresSchema schema, CancellationToken cancellationToken)
    {
        using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        sqlite.Open();
        StoreModel.CreateSchema(sqlite);
        using var transaction = sqlite.BeginTransaction();
        var rows = 0L;
        foreach (var table in schema.DiffTables) rows += PostgresCopy.Export(session, servedSchema, sqlite, table, cancellationToken);
        transaction.Commit();
        return rows;
    }

    /// <summary>Builds the release schema from the SQLite build: tables, COPY, keys and indexes, statistics. On its
    /// own connection, so its search_path is the new schema's alone.</summary>
    private static async Task<long> LoadAsync(string connectionString, string build, string target, PostgresSchema schema,
        Action<string>? progress, Action<string>? log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var postgres = new NpgsqlConnection(PostgresLayout.ForSchema(connectionString, target));
        await postgres.OpenAsync(cancellationToken);
        await ExecuteAsync(postgres, $"CREATE SCHEMA {PostgresLayout.Quote(target)}", cancellationToken);
        foreach (var statement in schema.CreateTables) await ExecuteAsync(postgres, statement, cancellationToken);

        using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = build, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        sqlite.Open();
        var total = 0L;
        foreach (var table in schema.Tables)
        {
            var name = table.Name;
            total += PostgresCopy.Load(sqlite, postgres, table, progress is null ? null : rows => progress($"copied {rows:N0} rows ({name})"), cancellationToken);
        }
        var copied = clock.Elapsed;
        log?.Invoke($"copied {total:N0} rows into {target} in {copied.TotalSeconds:F1} s ({total / copied.TotalSeconds:N0} rows/s)");

        foreach (var statement in schema.AfterLoad) await ExecuteAsync(postgres, statement, cancellationToken);
        // Per table: a bare ANALYZE would visit every schema of the database.
        foreach (var table in schema.Tables) await ExecuteAsync(postgres, $"ANALYZE \"{table.Name}\"", cancellationToken);
        log?.Invoke($"built keys, indexes and statistics in {(clock.Elapsed - copied).TotalSeconds:F1} s; {total / clock.Elapsed.TotalSeconds:N0} rows/s in all");
        return total;
    }

    /// <summary>One transaction: the new schema is served, the one served until now is kept as the previous one.
    /// Then the one kept before is dropped (if readers still hold it, it waits a little, then it is left as debris
    /// for the next import).</summary>
    private static async Task SwitchAsync(NpgsqlConnection session, PostgresLayout.Served? served, string target, int releaseId, string storeSchema,
        Action<string>? log, CancellationToken cancellationToken)
    {
        await using (var command = session.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO opendata.served (id, served_schema, previous_schema, release_id, store_schema, switched_at)
                VALUES (1, $1, $2, $3, $4, now())
                ON CONFLICT (id) DO UPDATE SET served_schema = excluded.served_schema, previous_schema = excluded.previous_schema,
                    release_id = excluded.release_id, store_schema = excluded.store_schema, switched_at = excluded.switched_at
                """;
            command.Parameters.Add(new NpgsqlParameter { Value = target });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)served?.Current ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { Value = releaseId });
            command.Parameters.Add(new NpgsqlParameter { Value = storeSchema });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (served?.Previous is { } old && !await TryDropAsync(session, old, CancellationToken.None))
        {
            log?.Invoke($"schema {old} is still being read; the next import drops it");
        }
    }

    private static async Task<bool> TryDropAsync(NpgsqlConnection session, string schema, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(session, $"SET lock_timeout = '{DropLockTimeout}'; DROP SCHEMA IF EXISTS {PostgresLayout.Quote(schema)} CASCADE; RESET lock_timeout", cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            await ExecuteAsync(session, "RESET lock_timeout", CancellationToken.None);
            return false;
        }
    }

    /// <summary>After a failure: the new schema goes, on a fresh connection (the import's may be broken).</summary>
    private static async Task DropQuietlyAsync(string connectionString, string schema)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await TryDropAsync(connection, schema, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Left as debris: the next import drops it.
        }
    }

    private static async Task<bool> SchemaExistsAsync(NpgsqlConnection session, string schema, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)";
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        // Index builds of millions of rows take longer than the default 30 s on a small machine.
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static ImportResult Relabel(ImportResult result, string label, TimeSpan elapsed) => new()
    {
        Outcome = result.Outcome,
        DatabasePath = label,
        Errors = result.Errors,
        ErrorCount = result.ErrorCount,
        ReleaseId = result.ReleaseId,
        ContentHash = result.ContentHash,
        RowCounts = result.RowCounts,
        RowsWritten = result.RowsWritten,
        Changes = result.Changes,
        Elapsed = elapsed,
    };
}
