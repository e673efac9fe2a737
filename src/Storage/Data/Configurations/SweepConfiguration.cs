using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FedBpt.Storage.Data.Configurations;

internal sealed class SweepConfiguration : IEntityTypeConfiguration<Sweep>
{
    public void Configure(EntityTypeBuilder<Sweep> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(FieldLengths.Name);
        builder.HasIndex(s => s.CreatedUtc).IsDescending();
        // A sweep's runs keep their results when the sweep row goes: the group is a label, not an owner.
        builder.HasMany<Experiment>().WithOne().HasForeignKey(e => e.SweepId).OnDelete(DeleteBehavior.SetNull);
    }
}
