using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FedBpt.Storage.Data.Configurations;

internal sealed class PromptArtifactConfiguration : IEntityTypeConfiguration<PromptArtifact>
{
    public void Configure(EntityTypeBuilder<PromptArtifact> builder)
    {
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(FieldLengths.EnumText);
        builder.HasOne<Experiment>().WithMany().HasForeignKey(p => p.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.ExperimentId, p.Kind }).IsUnique();
    }
}
