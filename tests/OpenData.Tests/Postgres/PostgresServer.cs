using Npgsql;
using OpenData.Import.Postgres;

namespace OpenData.Tests.Postgres;

/// <summary>
/// The PostgreSQL the tests run against: the connection string in <c>OPENDATA_TEST_POSTGRES</c>, of a role that may
/// create databases (.ci/run installs PostgreSQL, starts it and sets this). Each test store is a database of its
/// own, created for it and dropped after it, so the tests run in any order and in parallel.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "OPENDATA_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why the PostgreSQL tests are skipped on this machine, in one line; null when they run. With
    /// CI=true they always run, so a CI machine without PostgreSQL fails them instead of passing quietly.</summary>
    public static string? SkipReason =>
        ConnectionString is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? $"PostgreSQL tests skipped: {Variable} is not set (a connection string of a role that may create databases; .ci/run sets it)."
            : null;

    public static string Required => ConnectionString
        ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: CI must test PostgreSQL (.ci/run installs and starts it and sets {Variable}).");
}

/// <summary>A fact that runs only where a PostgreSQL is configured (<see cref="PostgresServer"/>).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>A database of its own on the test PostgreSQL, dropped on dispose.</summary>
public sealed class PostgresTestDatabase : IDisposable
{
    public PostgresTestDatabase()
    {
        Name = $"opendata_test_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(PostgresServer.Required))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {Name} TEMPLATE template0 ENCODING 'UTF8'";
            command.ExecuteNonQuery();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(PostgresServer.Required) { Database = Name }.ToString();
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>The schema opendata.served names as current.</summary>
    public string? ServedSchema() => Scalar("SELECT to_regclass('opendata.served') IS NOT NULL") is true
        ? Scalar("SELECT served_schema FROM opendata.served") as string
        : null;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var connection = new NpgsqlConnection(PostgresServer.Required);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)";
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // Left behind on a broken server; every name is unique, so it harms no other test.
        }
    }
}

/// <summary>
/// The seed store (<see cref="SeedStore"/>, the very file the SQLite tests copy) served from PostgreSQL, once per
/// test run: the same release, byte for byte, so every answer can be compared with SQLite's.
/// </summary>
public static class PostgresSeedStore
{
    private static readonly Lazy<PostgresTestDatabase> Published = new(() =>
    {
        var database = new PostgresTestDatabase();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => database.Dispose();
        PostgresImport.PublishAsync(SeedStore.DatabasePath, database.ConnectionString).GetAwaiter().GetResult();
        return database;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ConnectionString => Published.Value.ConnectionString;

    /// <summary>An app over a PostgreSQL store (the seed store's, unless another connection string is given).</summary>
    public static TestApp App(string? connectionString = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Postgres",
            ["Store:PostgresConnectionString"] = connectionString ?? ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new TestApp(all, copyStore: false);
    }
}
