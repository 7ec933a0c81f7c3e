using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OpenData.Store;

namespace OpenData.Query;

/// <summary>
/// Plain SQL reads of the counts tables for the questions asked on every request (a series' sums, the map's and a
/// borough ranking's totals). EF Core's per-row materialisation cost about four times the statement itself: 8,148
/// count_totals rows took 8.2 ms of CPU and 2 MB through EF, 1.9 ms and 6 kB read directly. The SQL is the same on
/// SQLite and PostgreSQL (plain SELECT, SUM, COUNT, CASE, IN), its only literals are integers the query layer made
/// (area, category and month numbers from the catalogue, never client text), and it runs on the context's
/// connection and transaction, so a request's read snapshot holds. Every statement reads a bounded index range.
/// </summary>
internal static class CountReads
{
    public static async Task ReadAsync(OpenDataDbContext db, string sql, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) row(reader);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Integers as an SQL list: <c>(1, 2, 3)</c> (<c>(NULL)</c> when empty, which matches nothing).</summary>
    public static string List(IEnumerable<int> numbers)
    {
        var text = string.Join(", ", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        return text.Length == 0 ? "(NULL)" : "(" + text + ")";
    }

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
