using OpenData.Import;

// opendata-import: validates seed-data/ and builds the store as a new data release.
// Exit codes: 0 imported or up to date, 1 seed data has errors, 2 bad arguments, 3 the import failed,
// 4 another import of the same database is running (its lock is held).

string seedData = "seed-data", database = Path.Combine("data", "opendata.db");
var force = false;
var checkOnly = false;
var waitSeconds = 0;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seed-data" when i + 1 < args.Length: seedData = args[++i]; break;
        case "--database" when i + 1 < args.Length: database = args[++i]; break;
        case "--force": force = true; break;
        case "--check": checkOnly = true; break;
        case "--wait-seconds" when i + 1 < args.Length:
            if (!int.TryParse(args[++i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out waitSeconds))
            {
                Console.Error.WriteLine($"opendata-import: --wait-seconds takes a whole number of seconds, not '{args[i]}'");
                return 2;
            }
            break;
        case "-h" or "--help":
            Console.WriteLine("""
                Usage: opendata-import [--seed-data DIR] [--database PATH] [--force] [--check] [--wait-seconds N]

                Validates every file of DIR against DIR/datapackage.json and builds the SQLite store at PATH as a
                new data release. Paths are relative to the current directory: run it from the repository root.

                  --seed-data DIR   seed data folder (default: seed-data)
                  --database PATH   SQLite file to build (default: data/opendata.db)
                  --force           rebuild even when the content is unchanged, and replace a
                                    PATH that is not an OpenData store
                  --check           only validate DIR; write nothing
                  --wait-seconds N  when another import of PATH is running (it holds PATH.lock),
                                    wait up to N seconds for it to finish (default 0: exit at once)

                Exit codes: 0 imported or up to date, 1 seed data has errors (nothing written),
                2 bad arguments, 3 the import failed, 4 another import of PATH is running (nothing written).
                """);
            return 0;
        default:
            Console.Error.WriteLine($"opendata-import: unknown or incomplete argument '{args[i]}' (see --help)");
            return 2;
    }
}
if (!Directory.Exists(seedData))
{
    Console.Error.WriteLine($"opendata-import: no seed data folder at {Path.GetFullPath(seedData)} (run from the repository root or pass --seed-data)");
    return 2;
}

if (checkOnly)
{
    var found = SeedImport.Validate(seedData);
    foreach (var error in found.Kept) Console.Error.WriteLine(error);
    if (found.Total > found.Kept.Count) Console.Error.WriteLine($"... and {found.Total - found.Kept.Count} more errors");
    Console.Error.WriteLine(found.Any ? $"opendata-import: {found.Total} error{(found.Total == 1 ? "" : "s")} in {seedData}" : $"opendata-import: {seedData} is valid");
    return found.Any ? 1 : 0;
}

// Progress lines every 100,000 rows only for a person watching; logs and CI get one line per step.
var interactive = !Console.IsErrorRedirected;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
ImportResult result;
try
{
    result = await SeedImport.ImportAsync(new ImportOptions
    {
        SeedDataDirectory = seedData,
        DatabasePath = database,
        Force = force,
        LockWait = TimeSpan.FromSeconds(waitSeconds),
        Log = line => Console.Error.WriteLine(line),
        Progress = interactive ? line => Console.Error.WriteLine(line) : null,
    }, cancel.Token);
}
catch (ImportLockedException e)
{
    Console.Error.WriteLine($"opendata-import: {e.Message}; nothing was written");
    return 4;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("opendata-import: cancelled; the database was not changed");
    return 3;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
{
    Console.Error.WriteLine($"opendata-import: failed: {e.Message}; the database was not changed");
    return 3;
}

if (result.Outcome == ImportOutcome.Invalid)
{
    foreach (var error in result.Errors) Console.Error.WriteLine(error);
    if (result.ErrorCount > result.Errors.Count) Console.Error.WriteLine($"... and {result.ErrorCount - result.Errors.Count} more errors");
    Console.Error.WriteLine($"opendata-import: {result.ErrorCount} error{(result.ErrorCount == 1 ? "" : "s")} in {seedData}; nothing imported, {result.DatabasePath} is unchanged");
    return 1;
}

var summary = Console.Out;
summary.WriteLine(result.Outcome switch
{
    ImportOutcome.UpToDate => $"up to date: {result.DatabasePath} already holds release {result.ReleaseId}",
    ImportOutcome.Rebuilt => $"rebuilt {result.DatabasePath}: content unchanged, release {result.ReleaseId}",
    _ => $"imported release {result.ReleaseId} into {result.DatabasePath}",
});
var width = result.RowCounts.Keys.Max(k => k.Length);
foreach (var (dataset, count) in result.RowCounts)
{
    var line = $"  {dataset.PadRight(width)} {count,10:N0}";
    if (result.Changes.TryGetValue(dataset, out var c) && c.Any) line += $"  (+{c.Added:N0} -{c.Removed:N0} ~{c.Changed:N0})";
    summary.WriteLine(line);
}
summary.WriteLine($"content hash {result.ContentHash}");
var rate = result.RowsWritten > 0 ? $", {result.RowsWritten / result.Elapsed.TotalSeconds:N0} rows/s" : "";
summary.WriteLine($"elapsed {result.Elapsed.TotalSeconds:F2} s{rate}");
return 0;
