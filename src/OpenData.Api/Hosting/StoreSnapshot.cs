using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OpenData.Store;

namespace OpenData.Api.Hosting;

/// <summary>
/// One release for a whole answer of several queries (an export reads a keyset batch per query): the context's
/// connection is opened once and a read-only snapshot transaction begun on it, and every query of the context
/// reads through it until the snapshot is disposed. The release read for the ETag and X-Data-Release is one of
/// those queries, so the headers name the rows that follow.
/// </summary>
/// <remarks>
/// SQLite: a re-import renames a new file over the served one; one connection kept open goes on reading the file
/// it opened (the swap detector only empties the pool for connections opened later), and a deferred transaction
/// holds its read snapshot from the first query on. PostgreSQL: an import writes in place, and REPEATABLE READ,
/// READ ONLY sees the database as of the transaction's first query. Either way the snapshot costs one connection
/// held for the length of the answer, which the caller bounds (exports are admitted, not just accepted).
/// </remarks>
public static class StoreSnapshot
{
    public static async Task<IAsyncDisposable> BeginAsync(OpenDataDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            DbTransaction transaction;
            if (connection is SqliteConnection sqlite)
            {
                // Deferred: BEGIN, not BEGIN IMMEDIATE, which takes a write lock a read-only connection cannot have.
                transaction = sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: true);
            }
            else
            {
                transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
                await using var readOnly = connection.CreateCommand();
                readOnly.Transaction = transaction;
                readOnly.CommandText = "SET TRANSACTION READ ONLY";
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            }
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
            return new Snapshot(db, transaction);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    private sealed class Snapshot(OpenDataDbContext db, DbTransaction transaction) : IAsyncDisposable
    {
        private bool _disposed;

        public async ValueTask DisposeAsync()
        {
            if (_disposed) return;
            _disposed = true;
            // Nothing was written: ending the transaction either way only releases the snapshot.
            await db.Database.UseTransactionAsync(null);
            await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }
}
