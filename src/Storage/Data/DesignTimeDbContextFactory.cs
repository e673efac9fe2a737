using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FedBpt.Storage.Data;

/// <summary>
/// Lets `dotnet ef` build the model from this library alone, without a host. Adding a migration never opens the
/// database; for `dotnet ef database update`, pass the target after `--` (e.g. `-- "Data Source=app_data/fedbpt.db"`).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FedBptDbContext>
{
    public FedBptDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<FedBptDbContext>();
        options.UseFedBptSqlite(args.FirstOrDefault() ?? "Data Source=fedbpt-design.db");
        return new FedBptDbContext(options.Options);
    }
}
