using Npgsql;

namespace OpenData.Store;

/// <summary>
/// How a PostgreSQL store is laid out. Each release is a schema of its own (<c>opendata_r{release}_{suffix}</c>),
/// built whole by the import and never written to again. The control schema <c>opendata</c> holds one row,
/// <c>opendata.served</c>, naming the schema every instance serves and the one before it (kept for a rollback).
/// An import switches releases by updating that row in one transaction: a reader's connection is pointed at one
/// schema (its search_path) for its whole request, so it sees the old release or the new one, never a mix.
/// </summary>
public static class PostgresLayout
{
    /// <summary>The control schema: <c>served</c> and nothing else.</summary>
    public const string ControlSchema = "opendata";

    /// <summary>Every release schema's name starts with this; a schema so named that <c>served</c> does not name
    /// is debris of an import that did not finish, and the next import drops it.</summary>
    public const string ReleaseSchemaPrefix = "opendata_r";

    /// <summary>The advisory lock key of imports: one import at a time per database ("OpenData" in ASCII).</summary>
    public const long ImportLockKey = 0x4f70656e44617461;

    /// <summary>The row <c>opendata.served</c>: what the instances serve, and what a rollback would serve.</summary>
    public sealed record Served(string Current, string? Previous, int ReleaseId, string StoreSchema, DateTimeOffset SwitchedAt);

    public const string CreateControl = """
        CREATE SCHEMA IF NOT EXISTS opendata;
        CREATE TABLE IF NOT EXISTS opendata.served (
            id integer PRIMARY KEY CHECK (id = 1),
            served_schema text NOT NULL,
            previous_schema text,
            release_id integer NOT NULL,
            store_schema text NOT NULL,
            switched_at timestamptz NOT NULL
        );
        """;

    /// <summary>The served row, or null when nothing was ever imported (no control schema, or no row).</summary>
    public static async Task<Served?> ReadServedAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT to_regclass('opendata.served') IS NOT NULL";
        if (await command.ExecuteScalarAsync(cancellationToken) is not true) return null;
        command.CommandText = "SELECT served_schema, previous_schema, release_id, store_schema, switched_at FROM opendata.served WHERE id = 1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new Served(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4));
    }

    /// <summary>The connection string with its search_path set to one release schema.</summary>
    public static string ForSchema(string connectionString, string schema) =>
        new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ToString();

    /// <summary>A schema name for a new release: unique, so a rebuild of the same release never meets the old one.</summary>
    public static string NewReleaseSchema(int releaseId) => $"{ReleaseSchemaPrefix}{releaseId}_{Guid.NewGuid():N}"[..(ReleaseSchemaPrefix.Length + releaseId.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 13)];

    /// <summary>Host, port, database and user of a connection string, for messages: never its password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"host {builder.Host}, port {builder.Port}, database {builder.Database}, user {builder.Username}";
    }

    /// <summary>Double-quoted identifier (names here are the import's own, but quoting costs nothing).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
