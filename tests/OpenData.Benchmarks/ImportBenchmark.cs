using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using OpenData.Import;

namespace OpenData.Benchmarks;

/// <summary>
/// Import of the London-wide MPS ward downloads: on a copy of seed-data/ (the seven real downloads, about 3.7M
/// monthly counts) and on the same copy plus eight SYNTHETIC months-shifted copies of the newest download (fifteen
/// downloads, about 7M). Prints counts per second (median of fresh builds), the phases' wall time, the peak memory of
/// a separate opendata-import process, and the store's bytes per monthly count with dbstat's split.
/// Nothing is written outside a temporary folder.
/// </summary>
internal static class ImportBenchmark
{
    private const string WardFolder = "mps-ward-crime";
    /// <summary>Each synthetic copy moves the newest download's month columns on by this many months times k.</summary>
    private const int ShiftMonths = 24;

    /// <summary>
    /// Writes the benchmark's seed-data copy to a folder: seed-data/ unchanged, plus <paramref name="synthetic"/>
    /// SYNTHETIC copies of the newest ward download whose month columns are shifted by 24 * k months (k = 1..n), so
    /// each is a distinct download with its own last month, continuing the series after the real files. Rows, ward
    /// codes and labels are the copied file's, so they validate like a real download; only the file name
    /// (mps_ward_crime_synthetic_FIRST_LAST.csv, inside the package's pattern mps_ward_crime_*.csv) and the header's
    /// months differ. Returns the synthetic files' names.
    /// </summary>
    public static List<string> Prepare(string repositoryRoot, string seed, int synthetic)
    {
        CopyDirectory(Path.Combine(repositoryRoot, "seed-data"), seed);
        var folder = Path.Combine(seed, WardFolder);
        var newest = Directory.EnumerateFiles(folder, "mps_ward_crime_*.csv").OrderBy(LastMonthOf).Last();
        var written = new List<string>();
        var lines = File.ReadAllLines(newest);
        var header = lines[0].Split(',');
        var monthColumns = Enumerable.Range(0, header.Length).Where(i => header[i].Length == 6 && header[i].All(char.IsAsciiDigit)).ToArray();
        for (var k = 1; k <= synthetic; k++)
        {
            var shifted = (string[])header.Clone();
            foreach (var i in monthColumns) shifted[i] = Yyyymm(MonthIndex(header[i]) + ShiftMonths * k);
            var name = $"mps_ward_crime_synthetic_{shifted[monthColumns[0]]}_{shifted[monthColumns[^1]]}.csv";
            using (var writer = new StreamWriter(Path.Combine(folder, name), false, new UTF8Encoding(false)))
            {
                writer.NewLine = "\r\n";
                writer.WriteLine(string.Join(',', shifted));
                for (var l = 1; l < lines.Length; l++) writer.WriteLine(lines[l]);
            }
            written.Add(name);
        }
        return written;
    }

    /// <param name="postgres">With a connection string (a role that may create databases), each input is also
    /// imported into PostgreSQL (<see cref="PostgresImportBenchmark"/>); null: SQLite only.</param>
    public static async Task<int> RunAsync(string repositoryRoot, int runs, IReadOnlyList<int> inputs, string? postgres = null)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; load average {LoadAverage()}");
        foreach (var synthetic in inputs)
        {
            var status = await RunOneAsync(repositoryRoot, runs, synthetic, postgres);
            if (status != 0) return status;
        }
        return 0;
    }

    private static async Task<int> RunOneAsync(string repositoryRoot, int runs, int synthetic, string? postgres)
    {
        var root = Path.Combine(Path.GetTempPath(), $"opendata-bench-{Guid.NewGuid():N}");
        try
        {
            var seed = Path.Combine(root, "seed-data");
            var names = Prepare(repositoryRoot, seed, synthetic);
            var downloads = Directory.EnumerateFiles(Path.Combine(seed, WardFolder), "mps_ward_crime_*.csv").Count();
            var inputBytes = Directory.EnumerateFiles(seed, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Console.WriteLine();
            Console.WriteLine($"== {downloads} ward downloads ({downloads - names.Count} real{(names.Count > 0 ? $" + {names.Count} SYNTHETIC months-shifted copies: {string.Join(", ", names)}" : "")}); input {inputBytes / 1048576.0:F1} MiB; load average {LoadAverage()}");

            var database = Path.Combine(root, "data", "opendata.db");
            var fresh = new List<(double Seconds, long Counts, long Rows, double Cpu, List<(double At, string Line)> Phases)>();
            var process = Process.GetCurrentProcess();
            for (var run = 0; run <= runs; run++)
            {
                DeleteStore(database);
                var phases = new List<(double At, string Line)>();
                var clock = Stopwatch.StartNew();
                void Note(string line)
                {
                    if (!line.StartsWith("checked ", StringComparison.Ordinal)) lock (phases) phases.Add((clock.Elapsed.TotalSeconds, line));
                }
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var result = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = seed, DatabasePath = database, Log = Note, Progress = Note });
                process.Refresh();
                var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
                if (result.Outcome != ImportOutcome.Imported)
                {
                    Console.Error.WriteLine($"import failed: {result.Outcome}");
                    foreach (var error in result.Errors) Console.Error.WriteLine(error);
                    return 1;
                }
                var counts = result.RowCounts.GetValueOrDefault("crime_counts");
                var label = run == 0 ? "warm-up" : $"run {run}";
                Console.WriteLine($"{label,-8} fresh build: {counts:N0} monthly counts ({result.RowsWritten:N0} rows in all) in {result.Elapsed.TotalSeconds:F2} s = {counts / result.Elapsed.TotalSeconds:N0} counts/s; CPU {cpuSeconds:F2} s; load average {LoadAverage()}");
                if (run > 0) fresh.Add((result.Elapsed.TotalSeconds, counts, result.RowsWritten, cpuSeconds, phases));
            }

            var median = fresh.OrderBy(r => r.Seconds).ElementAt(fresh.Count / 2);
            var medianCpu = fresh.Select(r => r.Cpu).Order().ElementAt(fresh.Count / 2);
            Console.WriteLine($"median fresh build: {median.Counts / median.Seconds:N0} counts/s ({median.Counts:N0} counts in {median.Seconds:F2} s; runs: {string.Join(", ", fresh.Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)))} s) [goal: at least 250,000]");
            Console.WriteLine($"median CPU per fresh build: {medianCpu:F2} s = {median.Counts / medianCpu:N0} counts per CPU-second (the wall time depends on what else the machine runs)");
            Console.WriteLine("phases of the median run (seconds since the start; progress lines every 1M counts):");
            foreach (var (at, line) in median.Phases) Console.WriteLine($"  {at,7:F1}  {line}");

            if (synthetic == 0)
            {
                var unchanged = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = seed, DatabasePath = database });
                Console.WriteLine($"re-import, nothing changed: {unchanged.Outcome} in {unchanged.Elapsed.TotalSeconds:F2} s");
                var forced = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = seed, DatabasePath = database, Force = true });
                Console.WriteLine($"forced rebuild over the previous store (diffing every row): {forced.RowsWritten:N0} rows in {forced.Elapsed.TotalSeconds:F2} s");
            }

            // Peak memory: a fresh build by a separate opendata-import process, as a publisher runs it.
            DeleteStore(database);
            var (peak, wall, exit) = RunImportProcess(seed, database);
            if (exit != 0) return 1;
            Console.WriteLine($"separate process (opendata-import, fresh build): peak memory {peak / 1048576.0:N0} MiB (VmHWM) in {wall:F1} s [goal: at most 400 MiB]");

            Storage(database, median.Counts);

            // PostgreSQL last, on the same seed copy, beside this input's SQLite median.
            return postgres is null ? 0 : await PostgresImportBenchmark.RunAsync(seed, runs, postgres, median.Seconds, median.Counts);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Runs opendata-import (built next to this benchmark) and reads its peak resident set: /usr/bin/time's
    /// maximum RSS when installed (the kernel's figure at exit), else VmHWM sampled every 20 ms.</summary>
    private static (long PeakBytes, double Seconds, int ExitCode) RunImportProcess(string seed, string database)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "opendata-import.dll");
        var timeFile = database + ".time";
        var useTime = File.Exists("/usr/bin/time");
        var start = new ProcessStartInfo(useTime ? "/usr/bin/time" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (useTime) { foreach (var a in new[] { "-f", "%M", "-o", timeFile, "dotnet" }) start.ArgumentList.Add(a); }
        foreach (var a in new[] { dll, "--seed-data", seed, "--database", database }) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        long sampled = 0;
        while (!process.WaitForExit(20))
        {
            // Under /usr/bin/time the import is its child; sampling is the fallback only.
            if (!useTime) sampled = Math.Max(sampled, ReadVmHwm(process.Id));
        }
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"opendata-import exited {process.ExitCode}:\n{output.Result}\n{errors.Result}");
            return (0, seconds, process.ExitCode);
        }
        var peak = useTime ? long.Parse(File.ReadAllLines(timeFile).Last(l => l.Length > 0).Trim(), CultureInfo.InvariantCulture) * 1024 : sampled;
        return (peak, seconds, 0);
    }

    private static long ReadVmHwm(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>File size per monthly count, and dbstat's split: crime_counts, its indexes, count_totals, the rest.</summary>
    private static void Storage(string database, long counts)
    {
        var size = new FileInfo(database).Length;
        Console.WriteLine($"store: {size / 1048576.0:N1} MiB = {(double)size / counts:F1} bytes per monthly count [goal: at most 100]");
        // dbstat is not compiled into the SQLite that Microsoft.Data.Sqlite bundles; the sqlite3 shell usually has it.
        List<(string Part, long Bytes)> parts;
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = DbstatSplit;
            using var reader = command.ExecuteReader();
            parts = [];
            while (reader.Read()) parts.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        catch (SqliteException) when (File.Exists("/usr/bin/sqlite3"))
        {
            var start = new ProcessStartInfo("/usr/bin/sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-readonly", database, DbstatSplit.ReplaceLineEndings(" ") }) start.ArgumentList.Add(a);
            using var shell = Process.Start(start)!;
            var output = shell.StandardOutput.ReadToEnd();
            shell.WaitForExit();
            parts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('|')).Where(f => f.Length >= 2)
                .Select(f => (f[0], long.Parse(f[1], CultureInfo.InvariantCulture))).ToList();
        }
        catch (SqliteException e)
        {
            Console.WriteLine($"  (no dbstat: {e.Message}; install the sqlite3 shell for the split)");
            return;
        }
        foreach (var (part, bytes) in parts)
        {
            Console.WriteLine($"  {part,-22} {bytes / 1048576.0,8:N1} MiB  {(double)bytes / counts,6:F1} bytes per count");
        }
    }

    private const string DbstatSplit = """
        SELECT CASE WHEN d.name = 'crime_counts' THEN 'crime_counts (table)'
                    WHEN m.tbl_name = 'crime_counts' THEN 'crime_counts indexes'
                    WHEN m.tbl_name = 'count_totals' OR d.name = 'count_totals' THEN 'count_totals'
                    ELSE 'everything else' END AS part,
               SUM(d.pgsize)
        FROM dbstat d LEFT JOIN sqlite_master m ON m.name = d.name
        GROUP BY part ORDER BY SUM(d.pgsize) DESC
        """;

    private static void DeleteStore(string database)
    {
        foreach (var file in new[] { database, database + "-journal", database + "-wal", database + "-shm" })
        {
            if (File.Exists(file)) File.Delete(file);
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int LastMonthOf(string file)
    {
        var parts = Path.GetFileNameWithoutExtension(file).Split('_');
        return int.TryParse(parts[^1], CultureInfo.InvariantCulture, out var last) ? last : 0;
    }

    private static int MonthIndex(string yyyymm) => int.Parse(yyyymm[..4], CultureInfo.InvariantCulture) * 12 + int.Parse(yyyymm[4..], CultureInfo.InvariantCulture) - 1;

    private static string Yyyymm(int month) => $"{month / 12:D4}{month % 12 + 1:D2}";

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(from)) CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
