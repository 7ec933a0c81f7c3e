using System.Globalization;
using OpenData.Benchmarks;

// dotnet run -c Release --project tests/OpenData.Benchmarks -- import [--runs N] [--downloads 7,15] [--postgres CS]
// dotnet run -c Release --project tests/OpenData.Benchmarks -- graphql [--seconds N] [--concurrency N] [--api path/to/OpenData.Api.dll]  (see graphql-bench.sh)
// dotnet run -c Release --project tests/OpenData.Benchmarks -- locate [--lookups N] [more-wards.geojson ...]
// dotnet run -c Release --project tests/OpenData.Benchmarks -- counts --database opendata.db [--calls N]
// dotnet run -c Release --project tests/OpenData.Benchmarks -- attack --api OpenData.Api.dll --database opendata.db [--seconds N] [--only 1a,3] [--no-rate-limit-pass | --rate-limiter-off-only] [--port N]  (see attack-bench.sh)
// dotnet run -c Release --project tests/OpenData.Benchmarks -- site --api OpenData.Api.dll --database opendata.db [--chromium /usr/bin/chromium] [--port N]  (see site-bench.sh)
var command = args.FirstOrDefault();
var runs = 3;
// Ward downloads to import: the seven real ones, and those plus SYNTHETIC months-shifted copies up to the number given.
int[] downloads = [7, 15];
for (var i = 1; i < args.Length - 1; i++)
{
    if (args[i] == "--runs") runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--downloads") downloads = args[++i].Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
}
const int realDownloads = 7;

switch (command)
{
    case "import":
        return await ImportBenchmark.RunAsync(RepositoryRoot(), runs, downloads.Select(d => Math.Max(0, d - realDownloads)).ToList(), TextOption("--postgres"));
    case "graphql":
        return await GraphQLBenchmark.RunAsync(RepositoryRoot(), TimeSpan.FromSeconds(Option("--seconds", 10)), Option("--concurrency", 16), TextOption("--api"));
    case "attack" when TextOption("--api") is { } api && TextOption("--database") is { } database:
        return await AttackBenchmark.RunAsync(new AttackBenchmark.Settings(Path.GetFullPath(api), Path.GetFullPath(database), Option("--seconds", 20),
            TextOption("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), args.Contains("--no-rate-limit-pass"), args.Contains("--rate-limiter-off-only"), Option("--port", 0)));
    case "site" when TextOption("--api") is { } siteApi && TextOption("--database") is { } siteStore:
        return await SiteBenchmark.RunAsync(Path.GetFullPath(siteApi), Path.GetFullPath(siteStore), TextOption("--chromium") ?? "/usr/bin/chromium", Option("--port", 0));
    case "counts" when TextOption("--database") is { } store:
        return await CountsBenchmark.RunAsync(Path.GetFullPath(store), Option("--calls", 2000));
    case "locate":
        return LocateBenchmark.Run(RepositoryRoot(), args.Skip(1).Where(a => a.EndsWith(".geojson", StringComparison.Ordinal)).ToList(), Option("--lookups", 100_000));
    case "generate" when args.Length > 1:
        var written = ImportBenchmark.Prepare(RepositoryRoot(), Path.Combine(args[1], "seed-data"), Math.Max(0, downloads.Max() - realDownloads));
        Console.WriteLine($"wrote {Path.Combine(args[1], "seed-data")} with the real downloads and {written.Count} SYNTHETIC copies: {string.Join(", ", written)}");
        return 0;
    default:
        Console.Error.WriteLine("usage: OpenData.Benchmarks import [--runs N] [--downloads 7,15] [--postgres CS] | generate DIR [--downloads 15] | locate [--lookups N] [wards.geojson ...] | counts --database opendata.db [--calls N] | graphql [--seconds N] [--concurrency N] [--api OpenData.Api.dll]"
            + " | attack --api OpenData.Api.dll --database opendata.db [--seconds N] [--only ID,...] [--no-rate-limit-pass | --rate-limiter-off-only] [--port N]"
            + " | site --api OpenData.Api.dll --database opendata.db [--chromium PATH] [--port N]");
        return 2;
}

string? TextOption(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

// The folder holding OpenData.sln, found from the build output or the current directory.
static string RepositoryRoot()
{
    foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenData.sln"))) return dir.FullName;
        }
    }
    throw new InvalidOperationException("OpenData.sln not found above " + AppContext.BaseDirectory);
}
