using FedBpt.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FedBpt.Storage.Data.Configurations;

internal sealed class LogEntryConfiguration : IEntityTypeConfiguration<LogEntry>
{
    public void Configure(EntityTypeBuilder<LogEntry> builder)
    {
        builder.Property(l => l.Level).HasConversion<string>().HasMaxLength(FieldLengths.EnumText);
        builder.Property(l => l.Message).HasMaxLength(FieldLengths.LogMessage);
        builder.HasOne<Experiment>().WithMany().HasForeignKey(l => l.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        // The tail reads the newest lines of one experiment; trimming deletes the oldest.
        builder.HasIndex(l => new { l.ExperimentId, l.Id });
    }
}
