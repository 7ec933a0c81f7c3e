using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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

    /// <summary>
    /// How long the start-up build waits for an import of the same file already running (opendata-import, or
    /// another instance starting: they share the lock file <c>&lt;database&gt;.lock</c>). After it the instance serves
    /// the file as it is (the running import renames its new file over it when done), or stops if there is none.
    /// </summary>
    public int ImportLockWaitSeconds { get; set; } = 60;
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
            .Validate(o => !IsPostgres(o) || ParsesAsNpgsql(o.PostgresConnectionString),
                "Store:PostgresConnectionString is not a valid PostgreSQL connection string (keywords such as Host, Port, Database, Username, Password).")
            .ValidateOnStart();
        services.AddOptions<SeedDataOptions>().BindConfiguration(SeedDataOptions.Section);

        // PostgreSQL: the release schema every request reads, followed as imports switch it.
        services.AddSingleton<PostgresRelease>();
        services.AddHostedService(provider => provider.GetRequiredService<PostgresRelease>());
        services.AddScoped(provider => new RequestSchema(provider.GetRequiredService<PostgresRelease>().Current));

        services.AddSingleton<SqliteInterrupt>();
        services.AddSingleton(provider => new SqliteFileSwapDetector(
            SqlitePath(provider.GetRequiredService<IOptions<StoreOptions>>().Value, provider.GetRequiredService<IHostEnvironment>())));

        // Contexts are pooled: a new one costs tens of microseconds and tens of kilobytes of set-up, a leased one
        // almost nothing (the context keeps no state between requests: no tracking, no per-request configuration).
        // Handlers take the scoped context, leased from the pool and returned when the request scope ends.
        // With PostgreSQL the context reads the request's release schema (its connection string's search_path).
        services.AddScoped(provider =>
        {
            var postgres = provider.GetRequiredService<PostgresRelease>();
            string? connectionString = null;
            if (postgres.Enabled)
            {
                connectionString = provider.GetRequiredService<RequestSchema>().Served?.ConnectionString
                    ?? throw new StoreUnavailableException(postgres.Unavailable ?? "No data release is served.");
            }
            var db = provider.GetRequiredService<IDbContextFactory<OpenDataDbContext>>().CreateDbContext();
            if (connectionString is not null) db.Database.SetConnectionString(connectionString);
            return db;
        });
        services.AddPooledDbContextFactory<OpenDataDbContext>((provider, db) =>
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
                    // Pooled: opening a connection and reading the schema costs about a millisecond, more than a
                    // small query. A re-import renames a new file over the one we serve, and a pooled connection
                    // would go on reading the old file, so the detector empties the pool when the file changes.
                    Pooling = true,
                }.ToString(),
                    // A list (IN) is one parameter, read with json_each, as PostgreSQL's = ANY: the SQL is the same
                    // for any number of values, so EF caches it instead of writing it again on every call with a
                    // parameter per value (SQLite's default), which cost more than a small lookup itself.
                    sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
                db.AddInterceptors(provider.GetRequiredService<SqliteFileSwapDetector>(), provider.GetRequiredService<SqliteInterrupt>());
                db.ReplaceService<Microsoft.EntityFrameworkCore.Storage.IExceptionDetector, SqliteInterruptDetector>();
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

        ImportResult result;
        try
        {
            result = await SeedImport.EnsureCurrentAsync(seedPath, databasePath, TimeSpan.FromSeconds(seed.ImportLockWaitSeconds),
                line => logger.LogInformation("Import: {Line}", line), app.Lifetime.ApplicationStopping);
        }
        catch (ImportLockedException e) when (File.Exists(databasePath))
        {
            // The import holding the lock will rename its new store over this one; the swap detector sees it.
            logger.LogWarning("Not built at start-up: {Reason}. Serving {DatabasePath} as it is.", e.Message, databasePath);
            return;
        }
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

    private static bool ParsesAsNpgsql(string? connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsSqlite(StoreOptions store) => string.Equals(store.Provider, Sqlite, StringComparison.OrdinalIgnoreCase);

    private static bool IsPostgres(StoreOptions store) => string.Equals(store.Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Empties the SQLite connection pool when the database file is replaced, so that the pool can stay on although a
/// re-import (<c>opendata-import</c>, or another instance's) renames a new file over the one being served.
/// </summary>
/// <remarks>
/// Before every connection opens, the file's identity (length, last write and creation/change time: one
/// <c>stat</c>, a few microseconds) is compared with the one seen last. When it differs, the pool of this
/// connection string is cleared before the open goes on: idle connections (open on the old file) are closed and
/// connections in use are closed when returned instead of pooled. So the first request that opens a connection
/// after the rename reads the new file, and requests already running finish on the old one, which stays readable
/// until its last connection closes (a renamed-over file lives on while it is open). A file watcher would be
/// cheaper still, but its events arrive later than the next request may.
/// </remarks>
public sealed class SqliteFileSwapDetector(string path) : DbConnectionInterceptor
{
    private readonly Lock _gate = new();
    private FileIdentity _seen = FileIdentity.Of(path);

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ClearPoolIfReplaced(connection);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        ClearPoolIfReplaced(connection);
        return ValueTask.FromResult(result);
    }

    private void ClearPoolIfReplaced(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite) return;
        var current = FileIdentity.Of(path);
        if (current == Volatile.Read(ref _seen)) return;
        lock (_gate)
        {
            if (current == _seen) return;
            SqliteConnection.ClearPool(sqlite);
            // Published only after the pool is empty: a thread that sees the new identity must not find an old
            // connection in the pool.
            Volatile.Write(ref _seen, current);
        }
    }

    /// <summary>What tells one file at a path from another: a renamed-over file differs in one of these.</summary>
    private sealed record FileIdentity(bool Exists, long Length, DateTime LastWriteUtc, DateTime CreationUtc)
    {
        public static FileIdentity Of(string path)
        {
            var file = new FileInfo(path);
            return file.Exists
                ? new FileIdentity(true, file.Length, file.LastWriteTimeUtc, file.CreationTimeUtc)
                : new FileIdentity(false, 0, default, default);
        }
    }
}
