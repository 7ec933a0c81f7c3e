using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenData.Api.Hosting;

/// <summary>
/// Makes a cancelled token stop a running SQLite statement. Microsoft.Data.Sqlite runs a statement to its end
/// whatever the token says once it has started (its async calls are synchronous; dotnet/efcore#38757), so a
/// GROUP BY over every figure went on computing after its client left or its time ran out. Within heavy work
/// (<see cref="Enable"/>, called by the admission middleware), a command's token cancelling interrupts the
/// connection's running statement (<c>sqlite3_interrupt</c>); the statement then fails with SQLITE_INTERRUPT,
/// which the admission middleware answers (503 timed-out) or drops (the client has gone). Cheap requests are left
/// alone: their statements are short, and an interrupted one would be an error logged for a client that left.
/// </summary>
public sealed class SqliteInterrupt : DbCommandInterceptor
{
    private static readonly AsyncLocal<bool> Enabled = new();

    /// <summary>The registrations of commands running now, until their reader is disposed or they fail.</summary>
    private readonly ConditionalWeakTable<DbCommand, StrongBox<CancellationTokenRegistration>> _running = new();

    /// <summary>Interrupt on cancellation for the rest of the current async flow (the request that calls it).</summary>
    public static void Enable() => Enabled.Value = true;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Register(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Register(command, cancellationToken);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Release(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Release(command);
        return result;
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(command);
        return Task.CompletedTask;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Release(command);

    private void Register(DbCommand command, CancellationToken cancellationToken)
    {
        if (!Enabled.Value || !cancellationToken.CanBeCanceled || command.Connection is not SqliteConnection connection) return;
        var registration = cancellationToken.Register(static state =>
        {
            if (((SqliteConnection)state!).Handle is { } handle) SQLitePCL.raw.sqlite3_interrupt(handle);
        }, connection);
        _running.AddOrUpdate(command, new StrongBox<CancellationTokenRegistration>(registration));
    }

    /// <summary>Disposing waits for a callback under way, so no interrupt reaches the connection after this
    /// (it goes back to the pool when the request ends, and the next user's statements must run).</summary>
    private void Release(DbCommand command)
    {
        if (_running.TryGetValue(command, out var registration))
        {
            registration.Value.Dispose();
            _running.Remove(command);
        }
    }
}

/// <summary>
/// Tells EF Core that a statement failing with SQLITE_INTERRUPT was cancelled: <see cref="SqliteInterrupt"/> interrupts
/// a statement only when its request is cancelled (client gone, time up), so EF Core logs it as a cancelled query
/// (debug) rather than as a failed one (an error with a stack trace for every client that leaves).
/// </summary>
public sealed class SqliteInterruptDetector : Microsoft.EntityFrameworkCore.Storage.IExceptionDetector
{
    private const int SqliteInterrupted = 9;

    // EF Core's own rule, plus the interrupt.
    public bool IsCancellation(Exception exception, CancellationToken cancellationToken = default)
        => exception is OperationCanceledException or SqliteException { SqliteErrorCode: SqliteInterrupted }
            || cancellationToken.IsCancellationRequested;
}
