using FedBpt.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace FedBpt.Storage.Tests;

/// <summary>Real SQLite failures, told apart: a database that cannot take writes for now, and a write that is wrong.</summary>
public sealed class StoreFaultTests : DatabaseTest
{
    [Fact]
    public async Task A_write_lock_held_past_the_busy_timeout_is_a_transient_fault()
    {
        await using var holder = new SqliteConnection(Db.ConnectionString);
        await holder.OpenAsync();
        await using var writeLock = holder.BeginTransaction(deferred: false);

        await using var writer = new SqliteConnection(new SqliteConnectionStringBuilder(Db.ConnectionString) { DefaultTimeout = 1 }.ToString());
        await writer.OpenAsync();
        await using var command = writer.CreateCommand();
        command.CommandText = "UPDATE Experiments SET Name = 'x'";
        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.True(StoreFaults.IsTransient(error));
        Assert.True(StoreFaults.IsTransient(new InvalidOperationException("wrapped", error)));
        Assert.Contains("database is locked", StoreFaults.Describe(error));
    }

    [Fact]
    public async Task A_read_only_database_is_a_transient_fault()
    {
        await using var reader = new SqliteConnection(new SqliteConnectionStringBuilder(Db.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString());
        await reader.OpenAsync();
        await using var command = reader.CreateCommand();
        command.CommandText = "UPDATE Experiments SET Name = 'x'";

        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
        Assert.True(StoreFaults.IsTransient(error));
    }

    [Fact]
    public async Task A_constraint_violation_or_a_state_error_is_not()
    {
        await using var connection = new SqliteConnection(Db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO Experiments (Id) VALUES (NULL)";
        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.False(StoreFaults.IsTransient(error));
        Assert.False(StoreFaults.IsTransient(new Experiments.ExperimentNotFoundException(3)));
    }
}
