using OpenData.Import;
using OpenData.Import.Postgres;

// opendata-import: validates seed-data/ and builds the store as a new data release.
// Exit codes: 0 imported or up to date, 1 seed data has errors, 2 bad arguments, 3 the import failed,
// 4 another import of the same database is running (its lock is held).

string seedData = "seed-data", database = Path.Combine("data", "opendata.db");
var force = false;
var checkOnly = false;
var rollback = false;
var waitSeconds = 0;
// The API's configuration keys, from the same environment variables (Store__Provider, ...); arguments win.
var provider = Environment.GetEnvironmentVariable("Store__Provider") ?? "Sqlite";
var postgres = Environment.GetEnvironmentVariable("Store__PostgresConnectionString");
for (var i = 0; i < args.Length; i++)
{
    // --Store:Provider=Postgres is also --Store:Provider Postgres.
    if (args[i].StartsWith("--Store:", StringComparison.OrdinalIgnoreCase) && args[i].Contains('='))
    {
        var split = args[i].IndexOf('=');
        args = [.. args[..i], args[i][..split], args[i][(split + 1)..], .. args[(i + 1)..]];
    }
    switch (args[i])
    {
        case "--seed-data" when i + 1 < args.Length: seedData = args[++i]; break;
        case "--database" when i + 1 < args.Length: database = args[++i]; break;
        case var key when key.Equals("--Store:Provider", StringComparison.OrdinalIgnoreCase) && i + 1 < args.Length: provider = args[++i]; break;
        case var key when key.Equals("--Store:PostgresConnectionString", StringComparison.OrdinalIgnoreCase) && i + 1 < args.Length: postgres = args[++i]; break;
        case "--force": force = true; break;
        case "--check": checkOnly = true; break;
        case "--rollback": rollback = true; break;
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
                       opendata-import --Store:Provider Postgres --Store:PostgresConnectionString CS [--seed-data DIR] [--force] [--wait-seconds N]
                       opendata-import --Store:Provider Postgres --Store:PostgresConnectionString CS --rollback

                Validates every file of DIR against DIR/datapackage.json and builds the store from it as a new
                data release: the SQLite file at PATH (the default), or a new schema of a PostgreSQL database that
                every API instance switches to at once. Paths are relative to the current directory: run it from
                the repository root.

                  --seed-data DIR   seed data folder (default: seed-data)
                  --database PATH   SQLite file to build (default: data/opendata.db)
                  --Store:Provider P, --Store:PostgresConnectionString CS
                                    the API's settings, also read from the environment variables
                                    Store__Provider and Store__PostgresConnectionString (also --Key=value)
                  --force           rebuild even when the content is unchanged, and replace a
                                    PATH that is not an OpenData store
                  --check           only validate DIR; write nothing
                  --rollback        PostgreSQL: serve the release before the current one again (the
                                    current one is kept, so a second --rollback undoes the first)
                  --wait-seconds N  when another import of the same store is running (SQLite: it holds
                                    PATH.lock; PostgreSQL: an advisory lock), wait up to N seconds for it
                                    to finish (default 0: exit at once)

                Exit codes: 0 imported or up to date, 1 seed data has errors (nothing written),
                2 bad arguments, 3 the import failed, 4 another import of the store is running (nothing written).
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

var isPostgres = provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
if (!isPostgres && !provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
{
    Console.Error.WriteLine($"opendata-import: Store:Provider must be Sqlite or Postgres, not '{provider}'");
    return 2;
}
if (isPostgres && string.IsNullOrWhiteSpace(postgres))
{
    Console.Error.WriteLine("opendata-import: Store:Provider is Postgres but no Store:PostgresConnectionString was given (argument or Store__PostgresConnectionString)");
    return 2;
}
if (rollback && !isPostgres)
{
    Console.Error.WriteLine("opendata-import: --rollback is for a PostgreSQL store (an SQLite file keeps one release's rows)");
    return 2;
}
if (rollback)
{
    try
    {
        var back = await PostgresImport.RollbackAsync(postgres!, TimeSpan.FromSeconds(waitSeconds), line => Console.Error.WriteLine(line));
        Console.WriteLine($"rolled back: serving release {back.ReleaseId} ({back.ServedSchema}); release {back.KeptReleaseId} ({back.KeptSchema}) is kept");
        return 0;
    }
    catch (ImportLockedException e)
    {
        Console.Error.WriteLine($"opendata-import: {e.Message}; nothing was changed");
        return 4;
    }
    catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException)
    {
        Console.Error.WriteLine($"opendata-import: rollback failed: {e.Message}");
        return 3;
    }
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
    var options = new ImportOptions
    {
        SeedDataDirectory = seedData,
        DatabasePath = database,
        Force = force,
        LockWait = TimeSpan.FromSeconds(waitSeconds),
        Log = line => Console.Error.WriteLine(line),
        Progress = interactive ? line => Console.Error.WriteLine(line) : null,
    };
    result = isPostgres
        ? await PostgresImport.ImportAsync(options, postgres!, cancel.Token)
        : await SeedImport.ImportAsync(options, cancel.Token);
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
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
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
