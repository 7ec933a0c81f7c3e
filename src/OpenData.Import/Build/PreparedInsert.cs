using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenData.Import.Build;

/// <summary>
/// A prepared multi-row INSERT (<c>VALUES (?, ...), (?, ...), ...</c>) bound by position on the connection's own
/// SQLite handle. SqliteCommand binds every parameter by name on every execution (a name lookup and a UTF-8
/// conversion per value) and runs one statement per row; at a million rows of sixteen columns that was most of
/// the import's time. Values are the import's stored forms: string, long, double or null.
/// </summary>
internal sealed class PreparedInsert : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private byte[] _utf8 = new byte[512];

    public PreparedInsert(SqliteConnection connection, string table, IReadOnlyList<string> columns, int rows = 1)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var row = "(" + string.Join(", ", columns.Select(_ => "?")) + ")";
        var sql = new StringBuilder($"INSERT INTO \"{table}\" (")
            .AppendJoin(", ", columns.Select(c => $"\"{c}\""))
            .Append(") VALUES ")
            .AppendJoin(", ", Enumerable.Repeat(row, rows))
            .ToString();
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
        Columns = columns.Count;
        Rows = rows;
    }

    public int Columns { get; }

    /// <summary>Rows inserted by one <see cref="Run"/>.</summary>
    public int Rows { get; }

    /// <summary>Binds a value to parameter <paramref name="index"/> (0-based: row * Columns + column).</summary>
    public void Bind(int index, object? value)
    {
        switch (value)
        {
            case null:
                Check(raw.sqlite3_bind_null(_statement, index + 1));
                break;
            case string text:
                var max = Encoding.UTF8.GetMaxByteCount(text.Length);
                if (max > _utf8.Length) _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
                var length = Encoding.UTF8.GetBytes(text, _utf8);
                BindUtf8(index, _utf8.AsSpan(0, length));
                break;
            case long integer:
                Check(raw.sqlite3_bind_int64(_statement, index + 1, integer));
                break;
            case double real:
                Check(raw.sqlite3_bind_double(_statement, index + 1, real));
                break;
            default:
                throw new InvalidOperationException($"Cannot store a value of type {value.GetType().Name}");
        }
    }

    /// <summary>Binds an integer without boxing it (the monthly counts are a few integers each, millions of them).</summary>
    public void BindInt64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index + 1, value));

    /// <summary>Binds text already encoded as UTF-8 (SQLite copies it).</summary>
    public void BindUtf8(int index, ReadOnlySpan<byte> text) => Check(raw.sqlite3_bind_text(_statement, index + 1, text));

    /// <summary>Runs the statement with the bound values and makes it ready for the next rows.</summary>
    public void Run()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE) throw Error(rc);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw Error(rc);
    }

    private SqliteException Error(int rc) => new($"SQLite error {rc}: {raw.sqlite3_errmsg(_database).utf8_to_string()}", rc);

    public void Dispose() => _statement.Dispose();
}
