using Microsoft.Extensions.Options;
using Npgsql;
using OpenData.Api.Rest;
using OpenData.Store;

namespace OpenData.Api.Hosting;

/// <summary>A release schema this instance serves, and the connection string that reads it (its search_path).</summary>
public sealed record ServedSchema(string Schema, int ReleaseId, string ConnectionString);

/// <summary>The release schema a request reads, fixed when its scope starts: every query of the request reads the
/// same release, whatever an import switches meanwhile. Null with SQLite, or when no release is served.</summary>
public sealed record RequestSchema(ServedSchema? Served);

/// <summary>
/// PostgreSQL: which release schema every request reads (<see cref="PostgresLayout"/>). It reads
/// <c>opendata.served</c> at start-up and then every <c>ResponseCache:ReleaseCheckSeconds</c>, so every instance
/// moves to a new release within that time of the import switching it, and its response cache (which compares the
/// schema of each request) drops the old answers at the same moment. When PostgreSQL cannot be reached it keeps
/// the schema it knows (requests fail with 503 until PostgreSQL is back) and tries again at the same pace, so the
/// instance comes back by itself. Does nothing with SQLite.
/// </summary>
public sealed class PostgresRelease : BackgroundService
{
    private readonly string? _connectionString;
    private readonly TimeSpan _interval;
    private readonly ILogger<PostgresRelease> _logger;
    private volatile ServedSchema? _current;
    private volatile string? _unavailable;

    public PostgresRelease(IOptions<StoreOptions> store, IOptions<ResponseCacheOptions> cache, ILogger<PostgresRelease> logger)
    {
        _logger = logger;
        _interval = TimeSpan.FromSeconds(Math.Max(0.1, cache.Value.ReleaseCheckSeconds));
        if (string.Equals(store.Value.Provider, StoreSetup.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            // A short connect timeout: the check runs every few seconds and must not hang while PostgreSQL is away.
            _connectionString = new NpgsqlConnectionStringBuilder(store.Value.PostgresConnectionString) { Timeout = 5 }.ToString();
            _unavailable = "The PostgreSQL store has not been read yet.";
        }
    }

    /// <summary>Retry-After of a store-unavailable 503 (REST and GraphQL): a couple of release checks.</summary>
    public const int RetryAfterSeconds = 5;

    public bool Enabled => _connectionString is not null;

    /// <summary>The schema served now; null when there is none to serve (see <see cref="Unavailable"/>).</summary>
    public ServedSchema? Current => _current;

    /// <summary>Why nothing (or possibly nothing current) is served: PostgreSQL unreachable, or no release
    /// imported. Null when the last check succeeded.</summary>
    public string? Unavailable => _unavailable;

    /// <summary>True when the last check found that nothing has ever been imported.</summary>
    public bool NoRelease { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Once before the server takes requests, so the first ones already know what to read.
        if (Enabled) await CheckAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await CheckAsync(stoppingToken);
        }
    }

    /// <summary>Reads opendata.served now (tests call it to skip the wait).</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            var served = await PostgresLayout.ReadServedAsync(connection, cancellationToken);
            if (served is null)
            {
                NoRelease = true;
                _current = null;
                Report("No data release has been imported into the PostgreSQL store: run opendata-import with Store:Provider=Postgres.");
                return;
            }
            NoRelease = false;
            if (_current?.Schema != served.Current)
            {
                _current = new ServedSchema(served.Current, served.ReleaseId, PostgresLayout.ForSchema(_connectionString!, served.Current));
                _logger.LogInformation("Serving release {Release} from PostgreSQL schema {Schema}.", served.ReleaseId, served.Current);
            }
            if (_unavailable is not null) _logger.LogInformation("The PostgreSQL store can be read again.");
            _unavailable = null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            Report($"The PostgreSQL store cannot be reached: {e.Message}");
        }
    }

    private void Report(string reason)
    {
        // Once per change, not every few seconds while it lasts.
        if (_unavailable != reason) _logger.LogError("{Reason} ({Where})", reason, PostgresLayout.Describe(_connectionString!));
        _unavailable = reason;
    }

}

/// <summary>A request needed the store and the store cannot serve it: a 503 problem with Retry-After.</summary>
public sealed class StoreUnavailableException(string message) : Exception(message);

/// <summary>Which failures mean "the store is away" (a 503 to retry later), not a fault of the request or of ours.</summary>
public static class StoreFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StoreUnavailableException:
                case NpgsqlException { IsTransient: true }:
                // Connection refused or reset, or a timeout, under any wrapper.
                case System.Net.Sockets.SocketException:
                case TimeoutException:
                // Shut down (57P01..57P03), gone (08xxx), cannot log in or no database (28xxx, 3D000), a release
                // schema dropped under us (3F000, 42P01: only if an instance was two releases behind).
                case PostgresException { SqlState: var state } when state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("08", StringComparison.Ordinal)
                    || state.StartsWith("28", StringComparison.Ordinal) || state is "3D000" or "3F000" or "42P01":
                    return true;
            }
        }
        return false;
    }
}
