using System.Globalization;

namespace FedBpt.Web.Components.Runs;

/// <summary>Numbers as people read them: bytes in binary units, durations in h/m/s, accuracies in percent.</summary>
public static class Units
{
    private static readonly string[] ByteUnits = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Bytes(long bytes)
    {
        if (bytes < 0) return "-" + Bytes(-bytes);
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < ByteUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {ByteUnits[unit]}");
    }

    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return "—";
        if (seconds < 10) return string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s");
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        if (t.TotalHours >= 1) return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes:00} min");
        if (t.TotalMinutes >= 1) return string.Create(CultureInfo.InvariantCulture, $"{t.Minutes} min {t.Seconds:00} s");
        return string.Create(CultureInfo.InvariantCulture, $"{t.Seconds} s");
    }

    public static string Percent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "—";

    /// <summary>A difference of accuracies in percentage points, signed.</summary>
    public static string Points(double difference) =>
        (difference >= 0 ? "+" : "") + (difference * 100).ToString("0.00", CultureInfo.InvariantCulture) + " pts";

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Large counts compactly: 124.6 M.</summary>
    public static string Compact(long n) => n switch
    {
        >= 1_000_000_000 => (n / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + " G",
        >= 1_000_000 => (n / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + " M",
        >= 10_000 => (n / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + " k",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    public static string Number(double? value, string format = "0.0000") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
