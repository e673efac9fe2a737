using System.Text.Json;

namespace FedBpt.Storage.Data;

/// <summary>Checks on free text before it is stored, so bad input fails with a clear message and nothing is written.</summary>
internal static class TextGuards
{
    public static void RequireText(string value, int maxLength, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.Length > maxLength)
            throw new ArgumentException($"{paramName} is {value.Length} characters; the limit is {maxLength}.", paramName);
    }

    public static void RequireJsonObject(string json, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json, paramName);
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ArgumentException($"{paramName} must be a JSON object, not {doc.RootElement.ValueKind}.", paramName);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{paramName} is not valid JSON: {e.Message}", paramName, e);
        }
    }

    /// <summary>Error and log text can be arbitrarily long (stack traces); keep the head, which says what went wrong.</summary>
    public static string Truncate(string value, int maxLength) =>
        value.Length <= maxLength ? value : value[..(maxLength - 1)] + "…";
}
