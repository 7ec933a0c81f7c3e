using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OpenData.Import;

namespace OpenData.Benchmarks;

/// <summary>
/// Import throughput on a copy of seed-data/ plus one SYNTHETIC MPS ward extract of about a million monthly
/// counts. The synthetic wards, categories and source are added to the copy's areas.csv, offence_categories.csv
/// and sources.csv (every name starts with SYNTHETIC) so the extract passes validation like a real download.
/// Nothing is written outside a temporary folder.
/// </summary>
internal static class ImportBenchmark
{
    private const string SyntheticSource = "synthetic-benchmark";
    private const int Months = 24;
    private const int FirstYear = 2023;

    /// <summary>Writes the benchmark's seed-data copy (with the synthetic extract) to a folder, for profiling by hand.</summary>
    public static long Prepare(string repositoryRoot, string seed, int targetCounts, out int wards, out int categories)
    {
        CopyDirectory(Path.Combine(repositoryRoot, "seed-data"), seed);
        AddMissingTables(seed);
        (wards, categories) = Shape(targetCounts);
        return Generate(seed, wards, categories);
    }

    public static async Task<int> RunAsync(string repositoryRoot, int runs, int targetCounts)
    {
        var root = Path.Combine(Path.GetTempPath(), $"opendata-bench-{Guid.NewGuid():N}");
        try
        {
            var seed = Path.Combine(root, "seed-data");
            var counts = Prepare(repositoryRoot, seed, targetCounts, out var wards, out var categories);
            var inputBytes = Directory.EnumerateFiles(seed, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"synthetic extract: {wards} SYNTHETIC wards x {categories} SYNTHETIC categories x {Months} months = {counts:N0} monthly counts");
            Console.WriteLine($"input: {inputBytes / 1048576.0:F1} MiB in {seed}");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");

            var database = Path.Combine(root, "data", "opendata.db");
            var fresh = new List<(double Seconds, long Rows, long Allocated, double Cpu)>();
            var process = Process.GetCurrentProcess();
            for (var run = 0; run <= runs; run++)
            {
                if (File.Exists(database)) File.Delete(database);
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var result = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = seed, DatabasePath = database });
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                process.Refresh();
                var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
                if (result.Outcome != ImportOutcome.Imported)
                {
                    Console.Error.WriteLine($"import failed: {result.Outcome}");
                    foreach (var error in result.Errors) Console.Error.WriteLine(error);
                    return 1;
                }
                var label = run == 0 ? "warm-up" : $"run {run}";
                Console.WriteLine($"{label,-8} fresh build: {result.RowsWritten:N0} rows in {result.Elapsed.TotalSeconds:F2} s = {result.RowsWritten / result.Elapsed.TotalSeconds:N0} rows/s; CPU {cpuSeconds:F2} s (both threads); allocated {allocated / 1048576.0:N0} MiB");
                if (run > 0) fresh.Add((result.Elapsed.TotalSeconds, result.RowsWritten, allocated, cpuSeconds));
            }

            var unchanged = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = seed, DatabasePath = database });
            Console.WriteLine($"re-import, nothing changed: {unchanged.Outcome} in {unchanged.Elapsed.TotalSeconds:F2} s");
            var forced = await SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = seed, DatabasePath = database, Force = true });
            Console.WriteLine($"forced rebuild over the previous store (diffing every row): {forced.RowsWritten:N0} rows in {forced.Elapsed.TotalSeconds:F2} s = {forced.RowsWritten / forced.Elapsed.TotalSeconds:N0} rows/s");

            var median = fresh.OrderBy(r => r.Seconds).ElementAt(fresh.Count / 2);
            Console.WriteLine();
            Console.WriteLine($"median fresh build: {median.Rows / median.Seconds:N0} rows/s ({median.Rows:N0} rows in {median.Seconds:F2} s; runs: {string.Join(", ", fresh.Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)))} s)");
            var medianCpu = fresh.Select(r => r.Cpu).Order().ElementAt(fresh.Count / 2);
            Console.WriteLine($"median CPU per fresh build: {medianCpu:F2} s = {median.Rows / medianCpu:N0} rows per CPU-second (wall time above depends on what else the machine runs; load average {LoadAverage()})");
            Console.WriteLine($"database: {new FileInfo(database).Length / 1048576.0:N0} MiB");
            Console.WriteLine($"peak memory (working set): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB");
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>Wards and categories whose product times 24 months reaches the target.</summary>
    private static (int Wards, int Categories) Shape(int targetCounts)
    {
        var rows = (targetCounts + Months - 1) / Months;
        var wards = Math.Clamp((int)Math.Sqrt(rows), 1, 999);
        var categories = (rows + wards - 1) / wards;
        return (wards, categories);
    }

    private static long Generate(string seed, int wards, int categories)
    {
        var majors = (categories + 9) / 10;
        File.AppendAllText(Path.Combine(seed, "sources.csv"),
            $"{SyntheticSource},dataset,SYNTHETIC benchmark extract (not published data),OpenData benchmark,2025,,,E09000020,,,,,,SYNTHETIC rows generated by tests/OpenData.Benchmarks,OGL-UK-3.0,SYNTHETIC: not published data,\n");

        var areas = new StringBuilder();
        for (var w = 1; w <= wards; w++)
        {
            areas.Append(CultureInfo.InvariantCulture, $"{WardCode(w)},SYNTHETIC WARD {w:D3},ward,E09000020,2014,,,,,,,{SyntheticSource},generated,SYNTHETIC\n");
        }
        File.AppendAllText(Path.Combine(seed, "areas.csv"), areas.ToString());

        var labels = new List<(string Major, string Minor)>();
        var rows = new StringBuilder();
        for (var m = 1; m <= majors; m++)
        {
            var major = $"SYNTHETIC MAJOR {m:D2}";
            var majorId = $"mps-upper-case-synthetic-major-{m:D2}";
            rows.Append(CultureInfo.InvariantCulture, $"{majorId},mps-upper-case,major,{major},,police-uk-other-crime,{SyntheticSource},generated,SYNTHETIC\n");
            for (var n = 1; n <= 10 && labels.Count < categories; n++)
            {
                var minor = $"SYNTHETIC MINOR {m:D2}-{n:D2}";
                rows.Append(CultureInfo.InvariantCulture, $"{majorId}-synthetic-minor-{m:D2}-{n:D2},mps-upper-case,minor,{minor},{majorId},police-uk-other-crime,{SyntheticSource},generated,SYNTHETIC\n");
                labels.Add((major, minor));
            }
        }
        File.AppendAllText(Path.Combine(seed, "offence_categories.csv"), rows.ToString());

        var first = FirstYear * 12;
        var name = $"mps-ward-crime/mps_ward_crime_synthetic_{Month(first)}_{Month(first + Months - 1)}.csv";
        var random = new Random(20240601);
        using (var writer = new StreamWriter(Path.Combine(seed, name.Replace('/', Path.DirectorySeparatorChar)), false, new UTF8Encoding(false)))
        {
            writer.Write("MajorText,MinorText,WardName,WardCode,LookUp_BoroughName");
            for (var i = 0; i < Months; i++) writer.Write($",{Month(first + i)}");
            writer.Write("\r\n");
            for (var w = 1; w <= wards; w++)
            {
                foreach (var (major, minor) in labels)
                {
                    writer.Write($"{major},{minor},SYNTHETIC WARD {w:D3},{WardCode(w)},Kensington and Chelsea");
                    for (var i = 0; i < Months; i++)
                    {
                        writer.Write(',');
                        writer.Write(random.Next(0, 40));
                    }
                    writer.Write("\r\n");
                }
            }
        }

        var packagePath = Path.Combine(seed, "datapackage.json");
        var package = JsonNode.Parse(File.ReadAllText(packagePath))!;
        var resource = package["resources"]!.AsArray().First(r => (string?)r!["opendata:layout"] == "mps-ward-wide")!;
        resource["path"]!.AsArray().Add(name);
        File.WriteAllText(packagePath, package.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return (long)wards * labels.Count * Months;
    }

    /// <summary>E0599xxxx: well clear of the GSS ward codes in use (E05000001..E0501xxxx).</summary>
    private static string WardCode(int n) => $"E0599{n:D4}";

    private static string Month(int month) => $"{month / 12:D4}{month % 12 + 1:D2}";

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(from)) CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }

    /// <summary>Declared tables whose CSV is not in the repository yet get a header-only file, as an empty dataset.</summary>
    private static void AddMissingTables(string seed)
    {
        var package = JsonNode.Parse(File.ReadAllText(Path.Combine(seed, "datapackage.json")))!;
        foreach (var resource in package["resources"]!.AsArray())
        {
            if (resource!["opendata:layout"] is not null || resource["schema"] is null) continue;
            var path = Path.Combine(seed, (string)resource["path"]!);
            if (File.Exists(path)) continue;
            var header = string.Join(',', resource["schema"]!["fields"]!.AsArray().Select(f => (string)f!["name"]!));
            File.WriteAllText(path, header + "\n");
        }
    }
}
