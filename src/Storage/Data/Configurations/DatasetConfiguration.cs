using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FedBpt.Storage.Data.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(FieldLengths.Name);
        builder.Property(d => d.FileName).HasMaxLength(FieldLengths.FileName);
        builder.Property(d => d.Format).HasConversion<string>().HasMaxLength(FieldLengths.EnumText);
        // Experiment specs refer to a dataset by name.
        builder.HasIndex(d => d.Name).IsUnique();
    }
}
