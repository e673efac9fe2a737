using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FedBpt.Storage.Data.Configurations;

internal sealed class ClientRoundMetricConfiguration : IEntityTypeConfiguration<ClientRoundMetric>
{
    public void Configure(EntityTypeBuilder<ClientRoundMetric> builder)
    {
        builder.HasOne<Experiment>().WithMany().HasForeignKey(c => c.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        // The column keeps its first name: no schema change when the property was renamed.
        builder.Property(c => c.Client).HasColumnName("ClientIndex");
        builder.HasIndex(c => new { c.ExperimentId, c.Round, c.Client }).IsUnique();
    }
}
