using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Data;

/// <summary>How every FedBpt context talks to SQLite; shared by the app, the design-time tools and the tests.</summary>
internal static class SqliteOptions
{
    /// <summary>Seconds a command waits on a locked database before failing (Microsoft.Data.Sqlite retries until then).</summary>
    public const int BusyTimeoutSeconds = 30;

    public static DbContextOptionsBuilder UseFedBptSqlite(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(Normalize(connectionString));

    /// <summary>Adds the busy timeout unless the connection string sets its own.</summary>
    public static string Normalize(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (!csb.ContainsKey("Default Timeout")) csb.DefaultTimeout = BusyTimeoutSeconds;
        return csb.ToString();
    }
}
