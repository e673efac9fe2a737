using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FedBpt.Storage.Data.Configurations;

internal sealed class ExperimentConfiguration : IEntityTypeConfiguration<Experiment>
{
    public void Configure(EntityTypeBuilder<Experiment> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(FieldLengths.Name);
        builder.Property(e => e.Task).HasMaxLength(FieldLengths.Short);
        builder.Property(e => e.Model).HasMaxLength(FieldLengths.ModelName);
        builder.Property(e => e.Algorithm).HasMaxLength(FieldLengths.Short);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(FieldLengths.EnumText);
        builder.Property(e => e.Error).HasMaxLength(FieldLengths.Error);
        builder.Property(e => e.Device).HasMaxLength(FieldLengths.Short);
        builder.Property(e => e.HangfireJobId).HasMaxLength(FieldLengths.JobId);
        builder.Property(e => e.LeaseOwner).HasMaxLength(FieldLengths.LeaseOwner);
        builder.Property(e => e.Queue).HasMaxLength(FieldLengths.Queue);

        // The runs grid lists newest first and filters by status.
        builder.HasIndex(e => e.CreatedUtc).IsDescending();
        builder.HasIndex(e => e.Status);
    }
}
