using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Data;

/// <summary>How every FedBpt context talks to PostgreSQL; shared by the app, the design-time tools and the tests.</summary>
internal static class PostgresOptions
{
    /// <summary>
    /// PostgreSQL's migrations live in their own assembly: a migration is written for one provider, and EF Core
    /// picks a context's migrations by assembly, so SQLite's stay where they were.
    /// </summary>
    public const string MigrationsAssembly = "FedBpt.Storage.Postgres";

    public static DbContextOptionsBuilder UseFedBptPostgres(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly));

    /// <summary>The provider's options, chosen by <paramref name="provider"/>.</summary>
    public static DbContextOptionsBuilder UseFedBptDatabase(this DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString) =>
        provider == DatabaseProvider.Postgres ? builder.UseFedBptPostgres(connectionString) : builder.UseFedBptSqlite(connectionString);
}
