using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FedBpt.Storage.Tests.Infrastructure;

/// <summary>Makes the n-th INSERT/UPDATE/DELETE of a context fail, to crash a multi-row save part-way through.</summary>
internal sealed class FailingCommandInterceptor(int failOnWrite) : DbCommandInterceptor
{
    public int WritesExecuted { get; private set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Check(DbCommand command)
    {
        var verb = command.CommandText.TrimStart().Split(' ', 2)[0].ToUpperInvariant();
        if (verb is not ("INSERT" or "UPDATE" or "DELETE")) return;
        if (WritesExecuted + 1 == failOnWrite) throw new InvalidOperationException($"Injected failure on write {failOnWrite}.");
        WritesExecuted++;
    }
}
