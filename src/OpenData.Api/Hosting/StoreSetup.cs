using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenData.Import;
using OpenData.Store;

namespace OpenData.Api.Hosting;

/// <summary>Where the seed data is and whether the API builds its SQLite store from it. Bound from "SeedData".</summary>
public sealed class SeedDataOptions
{
    public const string Section = "SeedData";

    /// <summary>Folder holding datapackage.json and the CSV files, relative to the content root.</summary>
    public string Path { get; set; } = "seed-data";

    /// <summary>
    /// With the SQLite store: build it from the seed data at start-up when the database file is missing or older
    /// than any seed file. Off where the database is shipped ready-made. Never applies to PostgreSQL, which is
    /// imported into explicitly with <c>opendata-import</c> (several instances must not race to rebuild it).
    /// </summary>
    public bool BuildOnStartup { get; set; } = true;
}

/// <summary>The store the API reads: options, the DbContext for the configured provider, the start-up build.</summary>
public static class StoreSetup
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static IServiceCollection AddOpenDataStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section)
            .Validate(o => IsSqlite(o) || IsPostgres(o), "Store:Provider must be Sqlite or Postgres.")
            .Validate(o => !IsPostgres(o) || !string.IsNullOrWhiteSpace(o.PostgresConnectionString),
                "Store:PostgresConnectionString is required when Store:Provider is Postgres.")
            .ValidateOnStart();
        services.AddOptions<SeedDataOptions>().BindConfiguration(SeedDataOptions.Section);

        // The factory (for GraphQL resolvers running in parallel) also registers a scoped context for handlers.
        services.AddDbContextFactory<OpenDataDbContext>((provider, db) =>
        {
            var store = provider.GetRequiredService<IOptions<StoreOptions>>().Value;
            if (IsPostgres(store))
            {
                db.UseNpgsql(store.PostgresConnectionString);
            }
            else
            {
                var path = SqlitePath(store, provider.GetRequiredService<IHostEnvironment>());
                db.UseSqlite(new SqliteConnectionStringBuilder
                {
                    DataSource = path,
                    // The API never writes; read-only also means a missing file fails (readiness says so)
                    // instead of silently creating an empty database.
                    Mode = SqliteOpenMode.ReadOnly,
                    // A re-import renames a new file over the old one while we run; a pooled connection would
                    // keep reading the old file. Opening SQLite is microseconds, so no pool.
                    Pooling = false,
                }.ToString());
            }
            db.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        });
        return services;
    }

    public static string SqlitePath(StoreOptions store, IHostEnvironment environment) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(environment.ContentRootPath, store.SqlitePath));

    public static string SeedPath(SeedDataOptions seed, IHostEnvironment environment) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(environment.ContentRootPath, seed.Path));

    /// <summary>
    /// SQLite only: builds the database from the seed data when the file is missing or older than any seed file,
    /// before the server accepts requests (so no request ever sees a half-built store).
    /// </summary>
    public static async Task BuildStoreIfStaleAsync(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var seed = app.Services.GetRequiredService<IOptions<SeedDataOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreSetup));
        if (IsPostgres(store))
        {
            logger.LogInformation("PostgreSQL store: not built at start-up; import into it with opendata-import.");
            return;
        }
        if (!seed.BuildOnStartup) return;

        var databasePath = SqlitePath(store, app.Environment);
        var seedPath = SeedPath(seed, app.Environment);
        if (!Directory.Exists(seedPath))
        {
            logger.LogWarning("Seed data folder {SeedPath} not found; serving {DatabasePath} as it is.", seedPath, databasePath);
            return;
        }

        var result = await SeedImport.EnsureCurrentAsync(seedPath, databasePath,
            line => logger.LogInformation("Import: {Line}", line), app.Lifetime.ApplicationStopping);
        switch (result.Outcome)
        {
            case ImportOutcome.Skipped:
                logger.LogInformation("Store {DatabasePath} is newer than the seed data; not rebuilt.", databasePath);
                break;
            case ImportOutcome.Invalid:
                foreach (var error in result.Errors) logger.LogError("Seed data error: {Error}", error);
                if (!File.Exists(databasePath))
                {
                    throw new InvalidOperationException(
                        $"The seed data in {seedPath} has {result.ErrorCount} errors and there is no store to serve instead; run opendata-import to see them.");
                }
                // The previous store is intact (the import writes nothing on errors): serving it beats serving nothing.
                logger.LogError("Seed data has {Count} errors; serving the previous store {DatabasePath}.", result.ErrorCount, databasePath);
                break;
            default:
                logger.LogInformation("Store {DatabasePath}: {Outcome}, release {Release}, in {Seconds:F1} s.",
                    databasePath, result.Outcome, result.ReleaseId, result.Elapsed.TotalSeconds);
                break;
        }
    }

    private static bool IsSqlite(StoreOptions store) => string.Equals(store.Provider, Sqlite, StringComparison.OrdinalIgnoreCase);

    private static bool IsPostgres(StoreOptions store) => string.Equals(store.Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}
