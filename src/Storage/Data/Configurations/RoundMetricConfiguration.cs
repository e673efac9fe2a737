using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FedBpt.Storage.Data.Configurations;

internal sealed class RoundMetricConfiguration : IEntityTypeConfiguration<RoundMetric>
{
    public void Configure(EntityTypeBuilder<RoundMetric> builder)
    {
        builder.HasOne<Experiment>().WithMany().HasForeignKey(r => r.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        // One row per round; also the index the charts read in round order.
        builder.HasIndex(r => new { r.ExperimentId, r.Round }).IsUnique();
    }
}
