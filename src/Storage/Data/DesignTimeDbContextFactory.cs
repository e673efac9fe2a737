using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FedBpt.Storage.Data;

/// <summary>
/// Lets `dotnet ef migrations add` build the model from this library alone, without a host.
/// The database file is never opened when adding a migration.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FedBptDbContext>
{
    public FedBptDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<FedBptDbContext>();
        options.UseFedBptSqlite("Data Source=fedbpt-design.db");
        return new FedBptDbContext(options.Options);
    }
}
