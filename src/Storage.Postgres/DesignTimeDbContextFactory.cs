using FedBpt.Storage.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FedBpt.Storage.Postgres;

/// <summary>
/// Lets `dotnet ef migrations add X --project src/Storage.Postgres` build the PostgreSQL model without a host or a
/// server; adding a migration never connects. For `database update`, pass the connection string after `--`.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FedBptDbContext>
{
    public FedBptDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<FedBptDbContext>();
        options.UseFedBptPostgres(args.FirstOrDefault() ?? "Host=localhost;Database=fedbpt_design");
        return new FedBptDbContext(options.Options);
    }
}
