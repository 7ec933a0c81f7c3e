using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using OpenData.Import;

namespace OpenData.Tests;

/// <summary>
/// The real API over a real SQLite store built by the real import from the repository's seed-data/. The store is
/// imported once per test run (<see cref="SeedStore"/>) and each app gets its own copy in a temporary folder,
/// so tests never touch data/ and no test sees another's changes. Use it as <c>IClassFixture&lt;TestApp&gt;</c> for
/// the default settings, or construct one with settings of its own (a tiny rate limit, a missing store).
/// </summary>
public class TestApp : WebApplicationFactory<Program>
{
    private readonly string _directory;
    private readonly string _environment;
    private readonly Dictionary<string, string?> _settings;

    public TestApp()
        : this(settings: null)
    {
    }

    /// <param name="settings">Configuration overrides (e.g. <c>["RateLimit:PermitLimit"] = "2"</c>).</param>
    /// <param name="environment">Host environment; tests default to Development, like <c>dotnet run</c>.</param>
    /// <param name="copyStore">False to start with no database file at all.</param>
    // Internal: xunit wants exactly one public constructor on a class fixture.
    internal TestApp(IReadOnlyDictionary<string, string?>? settings, string environment = "Development", bool copyStore = true)
    {
        _environment = environment;
        _directory = Directory.CreateTempSubdirectory("opendata-test-").FullName;
        DatabasePath = Path.Combine(_directory, "opendata.db");
        if (copyStore) File.Copy(SeedStore.DatabasePath, DatabasePath);
        _settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Sqlite",
            ["Store:SqlitePath"] = DatabasePath,
            ["SeedData:Path"] = RepositoryFiles.SeedData,
            // The copy is already built; a test that wants the start-up build turns this back on.
            ["SeedData:BuildOnStartup"] = "false",
            // Every request of a test shares one client address; tests of the limit set their own.
            ["RateLimit:PermitLimit"] = "1000000",
            // Test output shows failures, not start-up chatter.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    /// <summary>This app's own database file.</summary>
    public string DatabasePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        // Added last, so these win over appsettings*.json and environment variables.
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) RepositoryFiles.DeleteQuietly(_directory);
    }
}

/// <summary>The store built from seed-data/ by the import, once per test run, in a temporary folder.</summary>
public static class SeedStore
{
    private static readonly Lazy<string> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Path of the built database. Copy it; never open it for writing.</summary>
    public static string DatabasePath => Built.Value;

    private static string Build()
    {
        var directory = Directory.CreateTempSubdirectory("opendata-seed-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RepositoryFiles.DeleteQuietly(directory);
        var path = Path.Combine(directory, "opendata.db");
        var result = SeedImport.ImportAsync(new ImportOptions
        {
            SeedDataDirectory = RepositoryFiles.SeedData,
            DatabasePath = path,
        }).GetAwaiter().GetResult();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"The import of {RepositoryFiles.SeedData} failed with {result.ErrorCount} errors:{Environment.NewLine}" +
                string.Join(Environment.NewLine, result.Errors));
        }
        return path;
    }
}

/// <summary>Files of the repository the tests read (found from the test binaries, whatever the working directory).</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpenData.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No OpenData.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string SeedData => Path.Combine(Root, "seed-data");

    public static string InRepository(params string[] parts) => Path.Combine([Root, .. parts]);

    internal static void DeleteQuietly(string directory)
    {
        // The app pools its read-only SQLite connections (and a test may open its own): an idle pooled connection
        // holds the database file open, which stops the folder being deleted on Windows.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
