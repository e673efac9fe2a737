using System.Text;
using System.Text.RegularExpressions;

namespace FedBpt.Engine.Tasks;

/// <summary>
/// A parsed template such as <c>{text_a} . It was &lt;mask&gt; .</c>. Parsing never throws: problems
/// are recorded so that <see cref="TaskDefinition.Validate"/> can report them all by name. Filling
/// is single-pass, so a text that itself contains "{text_b}" is never substituted again.
/// </summary>
internal sealed partial class TaskTemplate
{
    public const string Mask = "<mask>";
    public const string TextA = "text_a";
    public const string TextAAlias = "text";
    public const string TextB = "text_b";

    private readonly IReadOnlyList<(string? Literal, string? Slot)> _parts;

    private TaskTemplate(IReadOnlyList<(string? Literal, string? Slot)> parts)
    {
        _parts = parts;
        MaskCount = parts.Where(p => p.Literal is not null).Sum(p => CountOccurrences(p.Literal!, Mask));
        UsesTextA = parts.Any(p => p.Slot is TextA or TextAAlias);
        UsesTextB = parts.Any(p => p.Slot is TextB);
        UnknownPlaceholders = parts
            .Where(p => p.Slot is not null and not (TextA or TextAAlias or TextB))
            .Select(p => "{" + p.Slot + "}")
            .Distinct()
            .ToArray();
    }

    public int MaskCount { get; }
    public bool UsesTextA { get; }
    public bool UsesTextB { get; }
    public IReadOnlyList<string> UnknownPlaceholders { get; }

    public static TaskTemplate Parse(string template)
    {
        var parts = new List<(string?, string?)>();
        int last = 0;
        foreach (Match m in Placeholder().Matches(template))
        {
            if (m.Index > last) parts.Add((template[last..m.Index], null));
            parts.Add((null, m.Groups[1].Value));
            last = m.Index + m.Length;
        }
        if (last < template.Length) parts.Add((template[last..], null));
        return new TaskTemplate(parts);
    }

    public string Fill(string textA, string? textB)
    {
        var sb = new StringBuilder();
        foreach (var (literal, slot) in _parts)
        {
            sb.Append(slot switch
            {
                null => literal,
                TextA or TextAAlias => textA,
                TextB => textB ?? throw new ArgumentException("The template uses {text_b} but the example has no second text."),
                _ => throw new InvalidOperationException($"Unknown placeholder {{{slot}}} in the template."),
            });
        }
        return sb.ToString();
    }

    private static int CountOccurrences(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
