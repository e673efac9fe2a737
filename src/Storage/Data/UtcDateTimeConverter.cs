using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FedBpt.Storage.Data;

/// <summary>
/// SQLite keeps DateTime as text without a zone, so values come back as Kind=Unspecified. Every DateTime in the
/// model is UTC: normalise on the way in and stamp Kind=Utc on the way out.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
