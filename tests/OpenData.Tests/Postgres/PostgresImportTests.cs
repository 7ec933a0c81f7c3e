using Microsoft.Data.Sqlite;
using Npgsql;
using OpenData.Import;
using OpenData.Import.Postgres;
using OpenData.Store;
using OpenData.Tests.Import;

namespace OpenData.Tests.Postgres;

/// <summary>
/// opendata-import into PostgreSQL: the same release as into SQLite (hash, releases, change lists, rows), one
/// import at a time, nothing served is touched by a failed, cancelled or killed import, and a rollback.
/// </summary>
public sealed class PostgresImportTests
{
    private static Task<ImportResult> ImportAsync(SeedCopy seed, PostgresTestDatabase database, Action<string>? log = null, Action<string>? progress = null,
        CancellationToken cancellationToken = default, TimeSpan lockWait = default) =>
        PostgresImport.ImportAsync(new ImportOptions
        {
            SeedDataDirectory = seed.SeedData,
            DatabasePath = "unused",
            Log = log,
            Progress = progress,
            LockWait = lockWait,
        }, database.ConnectionString, cancellationToken);

    [PostgresFact]
    public async Task The_import_into_postgres_has_the_same_hash_releases_and_rows_as_the_import_into_sqlite()
    {
        using var seed = new SeedCopy();
        using var database = new PostgresTestDatabase();
        var sqlite = await seed.ImportValidAsync();
        var postgres = await ImportAsync(seed, database);

        Assert.Equal(ImportOutcome.Imported, postgres.Outcome);
        Assert.Equal(sqlite.ContentHash, postgres.ContentHash);
        Assert.Equal(1, postgres.ReleaseId);
        Assert.Equal(sqlite.RowCounts, postgres.RowCounts);
        var differences = StoreDifferences(seed.DatabasePath, database);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [PostgresFact]
    public async Task Importing_again_is_up_to_date_and_a_change_makes_the_release_and_change_list_sqlite_makes()
    {
        using var seed = new SeedCopy().WithOnlyTheNewestWardDownload();
        using var database = new PostgresTestDatabase();
        await seed.ImportValidAsync();
        await ImportAsync(seed, database);
        var first = database.ServedSchema();

        var again = await ImportAsync(seed, database);
        Assert.Equal(ImportOutcome.UpToDate, again.Outcome);
        Assert.Equal(first, database.ServedSchema());

        seed.ReplaceOnLine("targets.csv", 2, "target figure is not printed, so", "target figure is not printed; so");
        seed.AppendLine("areas.csv", "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test,");
        var sqlite = await seed.ImportValidAsync();
        var postgres = await ImportAsync(seed, database);

        Assert.Equal(ImportOutcome.Imported, postgres.Outcome);
        Assert.Equal(2, postgres.ReleaseId);
        Assert.Equal(sqlite.ContentHash, postgres.ContentHash);
        Assert.Equal(sqlite.Changes.ToDictionary(p => p.Key, p => (p.Value.Added, p.Value.Removed, p.Value.Changed)),
            postgres.Changes.ToDictionary(p => p.Key, p => (p.Value.Added, p.Value.Removed, p.Value.Changed)));
        Assert.Equal(1, postgres.Changes["areas"].Added);
        Assert.Equal(1, postgres.Changes["targets"].Changed);
        Assert.NotEqual(first, database.ServedSchema());
        // The release before is kept for a rollback; nothing else is left.
        Assert.Equal(first, database.Scalar("SELECT previous_schema FROM opendata.served"));
        Assert.Equal(2L, database.Scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'opendata\\_r%'"));
        var differences = StoreDifferences(seed.DatabasePath, database);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

        // A third release drops the first one's schema.
        seed.AppendLine("areas.csv", "kc-test-place-2,Test place 2,place,E09000020,,,,,,,,,mps-ward-crime,test,");
        await ImportAsync(seed, database);
        Assert.Equal(0L, database.Scalar($"SELECT count(*) FROM pg_namespace WHERE nspname = '{first}'"));
    }

    [PostgresFact]
    public async Task A_rollback_serves_the_previous_release_and_a_second_rollback_undoes_it()
    {
        using var seed = new SeedCopy().WithOnlyTheNewestWardDownload();
        using var database = new PostgresTestDatabase();
        await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresImport.RollbackAsync(database.ConnectionString, TimeSpan.Zero));
        await ImportAsync(seed, database);
        var first = database.ServedSchema();
        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresImport.RollbackAsync(database.ConnectionString, TimeSpan.Zero));
        Assert.Contains("nothing to roll back to", none.Message);

        seed.AppendLine("areas.csv", "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test,");
        await ImportAsync(seed, database);
        var second = database.ServedSchema();

        var back = await PostgresImport.RollbackAsync(database.ConnectionString, TimeSpan.Zero);
        Assert.Equal((first, 1, second, 2), (back.ServedSchema, back.ReleaseId, back.KeptSchema, back.KeptReleaseId));
        Assert.Equal(first, database.ServedSchema());
        Assert.Equal(1, database.Scalar("SELECT release_id FROM opendata.served"));

        var forward = await PostgresImport.RollbackAsync(database.ConnectionString, TimeSpan.Zero);
        Assert.Equal((second, 2), (forward.ServedSchema, forward.ReleaseId));
        Assert.Equal(second, database.ServedSchema());
    }

    [PostgresFact]
    public async Task An_import_while_another_holds_the_lock_fails_clearly_and_changes_nothing()
    {
        using var seed = new SeedCopy().WithOnlyTheNewestWardDownload();
        using var database = new PostgresTestDatabase();
        await ImportAsync(seed, database);
        var served = database.ServedSchema();
        seed.AppendLine("areas.csv", "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test,");

        // Not pooled: the advisory lock must go when this session closes, not when a pooled connection is reset.
        await using (var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString()))
        {
            await other.OpenAsync();
            await using var take = other.CreateCommand();
            take.CommandText = $"SELECT pg_advisory_lock({PostgresLayout.ImportLockKey})";
            await take.ExecuteScalarAsync();

            var locked = await Assert.ThrowsAsync<ImportLockedException>(() => ImportAsync(seed, database, lockWait: TimeSpan.FromMilliseconds(300)));
            Assert.Contains("advisory lock", locked.Message);
            Assert.Equal(served, database.ServedSchema());
            await Assert.ThrowsAsync<ImportLockedException>(() => PostgresImport.RollbackAsync(database.ConnectionString, TimeSpan.Zero));
        }

        // The lock goes with the session that held it: the next import goes ahead.
        Assert.Equal(ImportOutcome.Imported, (await ImportAsync(seed, database)).Outcome);
    }

    [PostgresFact]
    public async Task An_import_cancelled_while_copying_leaves_the_served_release_and_drops_its_schema()
    {
        using var seed = new SeedCopy().WithOnlyTheNewestWardDownload();
        using var database = new PostgresTestDatabase();
        await ImportAsync(seed, database);
        var served = database.ServedSchema();
        seed.AppendLine("areas.csv", "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test,");

        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImportAsync(seed, database,
            progress: line => { if (line.StartsWith("copied", StringComparison.Ordinal)) cancel.Cancel(); }, cancellationToken: cancel.Token));

        Assert.Equal(served, database.ServedSchema());
        Assert.Equal(1L, database.Scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'opendata\\_r%'"));
        Assert.Equal(ImportOutcome.Imported, (await ImportAsync(seed, database)).Outcome);
    }

    [PostgresFact]
    public async Task The_schema_of_a_killed_import_is_dropped_by_the_next_one_and_invalid_seed_data_changes_nothing()
    {
        using var seed = new SeedCopy().WithOnlyTheNewestWardDownload();
        using var database = new PostgresTestDatabase();
        await ImportAsync(seed, database);
        var served = database.ServedSchema();
        // What an import killed between CREATE SCHEMA and the switch leaves.
        database.Scalar("CREATE SCHEMA opendata_r2_0123456789ab; CREATE TABLE opendata_r2_0123456789ab.areas (code text)");

        seed.AppendLine("areas.csv", "kc-test-place,Test place,place,NOT-AN-AREA,,,,,,,,,mps-ward-crime,test,");
        var log = new List<string>();
        var invalid = await ImportAsync(seed, database, log: log.Add);
        Assert.Equal(ImportOutcome.Invalid, invalid.Outcome);
        Assert.Contains(log, line => line.Contains("removed schema opendata_r2_0123456789ab", StringComparison.Ordinal));
        Assert.Equal(served, database.ServedSchema());
        Assert.Equal(1L, database.Scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'opendata\\_r%'"));
    }

    [PostgresFact]
    public async Task A_wrong_connection_string_is_a_clear_error_without_the_password()
    {
        using var seed = new SeedCopy().WithOnlyTheNewestWardDownload();
        var wrong = new NpgsqlConnectionStringBuilder(PostgresServer.Required) { Password = "not-the-password-xyz", Database = "opendata_no_such_database" }.ToString();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresImport.ImportAsync(
            new ImportOptions { SeedDataDirectory = seed.SeedData, DatabasePath = "unused" }, wrong));
        Assert.StartsWith("cannot connect to PostgreSQL (host ", error.Message);
        Assert.DoesNotContain("not-the-password-xyz", error.Message);
    }

    /// <summary>
    /// Every table of the PostgreSQL store's served schema against the SQLite file, read independently of the
    /// import's own copy code: each row as text in one canonical form (booleans 0/1, dates yyyy-MM-dd, numbers
    /// invariant), the rows of both compared as sorted lists. The releases' import times are each import's own and
    /// left out; the counts (millions of rows) are compared by their number and sums. Empty when they hold the same.
    /// </summary>
    internal static List<string> StoreDifferences(string sqlitePath, PostgresTestDatabase database)
    {
        var served = database.ServedSchema()!;
        var differences = new List<string>();
        using var postgres = database.Open();
        using var sqlite = new SqliteConnection($"Data Source={sqlitePath};Mode=ReadOnly;Pooling=False");
        sqlite.Open();
        var tables = new List<(string Table, List<string> Columns)>();
        var booleans = new HashSet<string>();
        using (var command = postgres.CreateCommand())
        {
            command.CommandText = "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND column_name <> 'document' ORDER BY table_name, column_name";
            command.Parameters.Add(new NpgsqlParameter { Value = served });
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (tables.Count == 0 || tables[^1].Table != reader.GetString(0)) tables.Add((reader.GetString(0), []));
                tables[^1].Columns.Add(reader.GetString(1));
                if (reader.GetString(2) == "boolean") booleans.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
            }
        }
        Assert.Contains(tables, t => t.Table == "crime_counts");
        foreach (var (table, all) in tables)
        {
            var columns = all.Where(c => !(table == "releases" && c == "imported_at")).ToList();
            var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
            if (table is "crime_counts" or "count_totals" or "borough_totals")
            {
                // Sums of each column modulo a prime: every value counts, and no sum overflows SQLite's integers.
                var sums = "count(*), " + string.Join(", ", columns.Select(c => booleans.Contains($"{table}.{c}")
                    ? $"sum(CAST(\"{c}\" AS integer))"
                    : $"sum(\"{c}\" % 1000003)"));
                var left = Rows(sqlite, $"SELECT {sums} FROM \"{table}\"");
                var right = Rows(postgres, $"SELECT {sums} FROM \"{served}\".\"{table}\"");
                if (!left.SequenceEqual(right)) differences.Add($"{table}: SQLite {left[0]}, PostgreSQL {right[0]}");
                continue;
            }
            var expected = Rows(sqlite, $"SELECT {list} FROM \"{table}\"");
            var actual = Rows(postgres, $"SELECT {list} FROM \"{served}\".\"{table}\"");
            expected.Sort(StringComparer.Ordinal);
            actual.Sort(StringComparer.Ordinal);
            if (!expected.SequenceEqual(actual))
            {
                var only = expected.Except(actual).Take(2).Concat(actual.Except(expected).Take(2));
                differences.Add($"{table}: {expected.Count} rows in SQLite, {actual.Count} in PostgreSQL; e.g. {string.Join(" | ", only)}");
            }
        }
        return differences;
    }

    private static List<string> Rows(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('\u001f', Enumerable.Range(0, reader.FieldCount).Select(i => Canonical(reader.GetValue(i)))));
        }
        return rows;
    }

    private static string Canonical(object value) => value switch
    {
        DBNull => "NULL",
        bool b => b ? "1" : "0",
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        // SQLite keeps EF Core's text form of a DateTimeOffset.
        string s when s.Length is >= 25 and <= 33 && s[10] == ' ' && DateTimeOffset.TryParseExact(s, "yyyy'-'MM'-'dd HH':'mm':'ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            => time.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        string s => s,
        double x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture),
        IConvertible c => Convert.ToDecimal(c, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
