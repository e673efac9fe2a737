using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FedBpt.Storage.Data.Configurations;

internal sealed class CheckpointConfiguration : IEntityTypeConfiguration<Checkpoint>
{
    public void Configure(EntityTypeBuilder<Checkpoint> builder)
    {
        // Keyed by the experiment: there is only ever the latest checkpoint.
        builder.HasKey(c => c.ExperimentId);
        builder.Property(c => c.ExperimentId).ValueGeneratedNever();
        builder.HasOne<Experiment>().WithOne().HasForeignKey<Checkpoint>(c => c.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
