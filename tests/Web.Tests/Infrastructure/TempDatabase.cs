using Microsoft.Data.Sqlite;

namespace FedBpt.Web.Tests.Infrastructure;

/// <summary>A SQLite file for one test or fixture, deleted (with its WAL files) afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fedbpt-web-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={Path}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }
}
