using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using OpenData.Import;
using OpenData.Import.Postgres;

namespace OpenData.Benchmarks;

/// <summary>
/// The same import into PostgreSQL (<see cref="PostgresImport"/>), on the seed-data copy <see cref="ImportBenchmark"/>
/// prepared: a warm-up then the runs, each into a fresh database created and dropped here, and a re-import with
/// nothing changed into the last one. Prints rows in all, the median wall time, end-to-end rows/s and the phases
/// read from the import's log lines (SQLite build, COPY, keys and indexes), beside the SQLite import's median.
/// </summary>
internal static partial class PostgresImportBenchmark
{
    public static async Task<int> RunAsync(string seed, int runs, string connectionString, double sqliteMedianSeconds, long sqliteCounts)
    {
        // The given database (normally the role's own) is only used to run CREATE / DROP DATABASE; nothing in it is
        // read or written. Not pooled, so no session of ours stays open on a database we are about to drop.
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        var fresh = new List<Run>();
        string? last = null;
        try
        {
            for (var run = 0; run <= runs; run++)
            {
                if (last is not null) await DropAsync(admin, last);
                last = await CreateAsync(admin);
                var measured = await ImportOnceAsync(seed, ForDatabase(connectionString, last));
                if (measured is null) return 1;
                var label = run == 0 ? "warm-up" : $"run {run}";
                Console.WriteLine($"{label,-8} PostgreSQL: {measured.CopiedRows:N0} rows in all ({measured.Counts:N0} counts) in {measured.Seconds:F2} s = {measured.CopiedRows / measured.Seconds:N0} rows/s end to end; "
                    + $"SQLite build {measured.BuildSeconds:F1} s, COPY {measured.CopySeconds:F1} s ({measured.CopiedRows / measured.CopySeconds:N0} rows/s), keys+indexes+ANALYZE {measured.KeysSeconds:F1} s; {Uptime()}");
                if (run > 0) fresh.Add(measured);
            }

            var median = fresh.OrderBy(r => r.Seconds).ElementAt(fresh.Count / 2);
            Console.WriteLine($"median PostgreSQL import: {median.CopiedRows / median.Seconds:N0} rows/s end to end ({median.CopiedRows:N0} rows in all = {median.Counts:N0} monthly counts + {median.CopiedRows - median.Counts:N0} other rows, in {median.Seconds:F2} s; "
                + $"runs: {string.Join(", ", fresh.Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)))} s) [aim: at least 150,000 rows/s]");
            Console.WriteLine($"  phases of the median run: SQLite build {median.BuildSeconds:F1} s; COPY {median.CopySeconds:F1} s = {median.CopiedRows / median.CopySeconds:N0} rows/s; keys, indexes and ANALYZE {median.KeysSeconds:F1} s; "
                + $"switch and the rest {median.Seconds - median.BuildSeconds - median.CopySeconds - median.KeysSeconds:F1} s");
            // The SQLite figure is counts per second (the import's own measure there); the wall-time ratio compares like with like.
            Console.WriteLine($"  beside SQLite (same input, median fresh build): SQLite {sqliteMedianSeconds:F2} s = {sqliteCounts / sqliteMedianSeconds:N0} counts/s; PostgreSQL {median.Seconds:F2} s = {median.Counts / median.Seconds:N0} counts/s; "
                + $"PostgreSQL / SQLite wall time {median.Seconds / sqliteMedianSeconds:F2}x");

            // Up to date: the served release is read back into SQLite and the content hash compared; nothing is copied.
            var clock = Stopwatch.StartNew();
            var unchanged = await PostgresImport.ImportAsync(new ImportOptions { SeedDataDirectory = seed, DatabasePath = NoSqlitePath }, ForDatabase(connectionString, last!));
            Console.WriteLine($"PostgreSQL re-import, nothing changed: {unchanged.Outcome} in {clock.Elapsed.TotalSeconds:F2} s; {Uptime()}");
            return 0;
        }
        finally
        {
            if (last is not null) await DropAsync(admin, last);
        }
    }

    /// <summary>ImportOptions requires a path; the PostgreSQL import builds in a temporary file of its own and never reads it.</summary>
    private const string NoSqlitePath = "";

    private sealed record Run(double Seconds, long CopiedRows, long Counts, double BuildSeconds, double CopySeconds, double KeysSeconds);

    private static async Task<Run?> ImportOnceAsync(string seed, string connectionString)
    {
        var lines = new List<(double At, string Line)>();
        var clock = Stopwatch.StartNew();
        void Note(string line)
        {
            lock (lines) lines.Add((clock.Elapsed.TotalSeconds, line));
        }
        var result = await PostgresImport.ImportAsync(new ImportOptions { SeedDataDirectory = seed, DatabasePath = NoSqlitePath, Log = Note }, connectionString);
        var seconds = clock.Elapsed.TotalSeconds;
        if (result.Outcome != ImportOutcome.Imported)
        {
            Console.Error.WriteLine($"PostgreSQL import: {result.Outcome}");
            foreach (var error in result.Errors) Console.Error.WriteLine(error);
            return null;
        }
        // "copied 4,530,582 rows into opendata_r1_... in 9.3 s (488,910 rows/s)" and
        // "built keys, indexes and statistics in 5.3 s; ...": the phases as the import measures them.
        var copied = lines.Select(l => (l.At, Match: CopiedLine().Match(l.Line))).FirstOrDefault(l => l.Match.Success);
        var keys = lines.Select(l => KeysLine().Match(l.Line)).FirstOrDefault(m => m.Success);
        if (copied.Match is null || keys is null)
        {
            Console.Error.WriteLine("PostgreSQL import: its log has no 'copied ... rows' or 'built keys' line; the log was:");
            foreach (var (_, line) in lines) Console.Error.WriteLine("  " + line);
            return null;
        }
        var rows = long.Parse(copied.Match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var copySeconds = double.Parse(copied.Match.Groups[2].Value, CultureInfo.InvariantCulture);
        var keysSeconds = double.Parse(keys.Groups[1].Value, CultureInfo.InvariantCulture);
        // The COPY line is written when the COPY ends: everything before its start is connecting, locking and the
        // SQLite build (SeedImport into a temporary file).
        var build = copied.At - copySeconds;
        return new Run(seconds, rows, result.RowCounts.GetValueOrDefault("crime_counts"), build, copySeconds, keysSeconds);
    }

    private static async Task<string> CreateAsync(string admin)
    {
        var name = $"opendata_bench_{Guid.NewGuid():N}"[..27];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'";
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Drops a database this benchmark created: the import's pooled connections to it are cleared first,
    /// and FORCE ends any session still open on it.</summary>
    private static async Task DropAsync(string admin, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync();
    }

    private static string ForDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ToString();

    /// <summary>The machine's load with each result, as `uptime` prints it: the numbers are only indicative on a
    /// shared 2-core machine.</summary>
    private static string Uptime()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("uptime") { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return "uptime: " + text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "load average " + (File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown");
        }
    }

    [GeneratedRegex(@"^copied ([\d,]+) rows into \S+ in ([\d.]+) s")]
    private static partial Regex CopiedLine();

    [GeneratedRegex(@"^built keys, indexes and statistics in ([\d.]+) s")]
    private static partial Regex KeysLine();
}
