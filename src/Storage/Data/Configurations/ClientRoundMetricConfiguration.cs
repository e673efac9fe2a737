using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FedBpt.Storage.Data.Configurations;

internal sealed class ClientRoundMetricConfiguration : IEntityTypeConfiguration<ClientRoundMetric>
{
    public void Configure(EntityTypeBuilder<ClientRoundMetric> builder)
    {
        builder.HasOne<Experiment>().WithMany().HasForeignKey(c => c.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ExperimentId, c.Round, c.ClientIndex }).IsUnique();
    }
}
