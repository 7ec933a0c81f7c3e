using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenData.Tests.Query;

/// <summary>
/// Records the SQL of every command a context runs, so a test reads the statement a real read
/// (<c>ReadPageAsync</c>, an export) sends. With <c>offline: true</c> no connection is opened and no command runs:
/// the first command's SQL is recorded and the read stops with <see cref="Stopped"/> (for a provider without a server).
/// </summary>
public sealed class SqlCapture(bool offline = false) : DbCommandInterceptor, IDbConnectionInterceptor
{
    public List<string> Commands { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Commands.Add(command.CommandText);
        if (offline) throw new Stopped();
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(offline ? InterceptionResult.Suppress() : result);

    /// <summary>The read was stopped after its first command was recorded.</summary>
    public sealed class Stopped : Exception;
}
