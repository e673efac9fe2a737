using System.Globalization;

namespace FedBpt.Web.Components.Catalog;

/// <summary>Numbers on the Models &amp; data page as people read them.</summary>
public static class CatalogFormat
{
    /// <summary>A parameter count with its unit: 16.2 M, 124.6 M, 1.3 B.</summary>
    public static string Parameters(long? count) => count switch
    {
        null => "—",
        >= 1_000_000_000 => Scaled(count.Value / 1e9, "B"),
        >= 1_000_000 => Scaled(count.Value / 1e6, "M"),
        >= 1_000 => Scaled(count.Value / 1e3, "K"),
        _ => count.Value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A file size: 812 B, 3.4 KB, 16 MB.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => Scaled(bytes / (double)(1L << 30), "GB"),
        >= 1L << 20 => Scaled(bytes / (double)(1L << 20), "MB"),
        >= 1L << 10 => Scaled(bytes / (double)(1L << 10), "KB"),
        _ => $"{bytes} B",
    };

    public static string Count(int? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "—";

    private static string Scaled(double value, string unit) => value.ToString("0.#", CultureInfo.InvariantCulture) + " " + unit;
}
