using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FedBpt.Storage.Tests.Infrastructure;

/// <summary>Makes the first write to one table fail, to crash a multi-table save half-way through.</summary>
internal sealed class FailingCommandInterceptor(string table) : DbCommandInterceptor
{
    public List<string> Executed { get; } = [];

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
        var sql = command.CommandText.TrimStart();
        var writesTable = (sql.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
                           || sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase))
                          && sql.Contains($"\"{table}\"", StringComparison.Ordinal);
        if (writesTable) throw new InvalidOperationException($"Injected failure writing {table}.");
        Executed.Add(sql);
    }
}
