using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using OpenData.Import.Build;

namespace OpenData.Import.Postgres;

/// <summary>
/// Moves a store's rows between its SQLite form (the import's build) and PostgreSQL with binary COPY, converting
/// each value between the two stored forms: SQLite keeps booleans as 0/1, dates as yyyy-MM-dd text and times as
/// EF Core's text; PostgreSQL as boolean, date and timestamptz. Every other value is the same on both sides.
/// </summary>
internal static class PostgresCopy
{
    /// <summary>EF Core's SQLite text form of a DateTimeOffset.</summary>
    private const string SqliteDateTimeOffset = "yyyy'-'MM'-'dd HH':'mm':'ss.FFFFFFFzzz";

    /// <summary>Copies one table from the SQLite file into the PostgreSQL table of the same name (on the
    /// connection's search_path). Returns the rows copied.</summary>
    public static long Load(SqliteConnection sqlite, NpgsqlConnection postgres, PostgresTable table, Action<long>? progress, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", table.Columns.Select(c => "\"" + c.Name + "\""));
        using var command = sqlite.CreateCommand();
        command.CommandText = $"SELECT {names} FROM \"{table.Name}\"";
        using var reader = command.ExecuteReader();
        var writers = table.Columns.Select(c => Writer(table.Name, c)).ToArray();
        using var importer = postgres.BeginBinaryImport($"COPY \"{table.Name}\" ({names}) FROM STDIN (FORMAT BINARY)");
        var rows = 0L;
        while (reader.Read())
        {
            importer.StartRow();
            for (var i = 0; i < writers.Length; i++)
            {
                if (reader.IsDBNull(i)) importer.WriteNull();
                else writers[i](reader, i, importer);
            }
            if (++rows % 100_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(rows);
            }
        }
        // Without Complete, disposing the importer cancels the COPY: nothing of a failed table is kept.
        importer.Complete();
        return rows;
    }

    private delegate void ColumnWriter(SqliteDataReader reader, int ordinal, NpgsqlBinaryImporter importer);

    private static ColumnWriter Writer(string table, PostgresColumn column) => column.StoreType switch
    {
        "text" => (r, i, w) => w.Write(r.GetString(i), NpgsqlDbType.Text),
        "bigint" => (r, i, w) => w.Write(r.GetInt64(i), NpgsqlDbType.Bigint),
        "integer" => (r, i, w) => w.Write(checked((int)r.GetInt64(i)), NpgsqlDbType.Integer),
        "smallint" => (r, i, w) => w.Write(checked((short)r.GetInt64(i)), NpgsqlDbType.Smallint),
        "double precision" => (r, i, w) => w.Write(r.GetDouble(i), NpgsqlDbType.Double),
        "boolean" => (r, i, w) => w.Write(r.GetInt64(i) != 0, NpgsqlDbType.Boolean),
        "date" => (r, i, w) => w.Write(DateOnly.ParseExact(r.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date),
        "timestamp with time zone" => (r, i, w) =>
            w.Write(DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture).UtcDateTime, NpgsqlDbType.TimestampTz),
        _ => throw new InvalidOperationException($"{table}.{column.Name}: no copy for PostgreSQL type {column.StoreType}"),
    };

    /// <summary>Copies one table of a PostgreSQL release schema into the same table of an SQLite file, in the
    /// SQLite stored forms (what the import itself would have written). Returns the rows copied.</summary>
    public static long Export(NpgsqlConnection postgres, string schema, SqliteConnection sqlite, PostgresTable table, CancellationToken cancellationToken)
    {
        var names = table.Columns.Select(c => "\"" + c.Name + "\"").ToArray();
        var readers = table.Columns.Select(c => Reader(table.Name, c)).ToArray();
        using var insert = new PreparedInsert(sqlite, table.Name, table.Columns.Select(c => c.Name).ToArray());
        using var exporter = postgres.BeginBinaryExport(
            $"COPY (SELECT {string.Join(", ", names)} FROM {Store.PostgresLayout.Quote(schema)}.\"{table.Name}\") TO STDOUT (FORMAT BINARY)");
        var rows = 0L;
        while (exporter.StartRow() != -1)
        {
            for (var i = 0; i < readers.Length; i++)
            {
                if (exporter.IsNull)
                {
                    exporter.Skip();
                    insert.Bind(i, null);
                }
                else
                {
                    insert.Bind(i, readers[i](exporter));
                }
            }
            insert.Run();
            if (++rows % 10_000 == 0) cancellationToken.ThrowIfCancellationRequested();
        }
        return rows;
    }

    private static Func<NpgsqlBinaryExporter, object> Reader(string table, PostgresColumn column) => column.StoreType switch
    {
        "text" => e => e.Read<string>(NpgsqlDbType.Text),
        "bigint" => e => e.Read<long>(NpgsqlDbType.Bigint),
        "integer" => e => (long)e.Read<int>(NpgsqlDbType.Integer),
        "smallint" => e => (long)e.Read<short>(NpgsqlDbType.Smallint),
        "double precision" => e => e.Read<double>(NpgsqlDbType.Double),
        "boolean" => e => e.Read<bool>(NpgsqlDbType.Boolean) ? 1L : 0L,
        "date" => e => e.Read<DateOnly>(NpgsqlDbType.Date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "timestamp with time zone" => e =>
            new DateTimeOffset(e.Read<DateTime>(NpgsqlDbType.TimestampTz), TimeSpan.Zero).ToString(SqliteDateTimeOffset, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"{table}.{column.Name}: no copy for PostgreSQL type {column.StoreType}"),
    };
}
