using System.Text.Json;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Text;

/// <summary>The token-level fields of /shared/fixtures/roberta-parity.json (computed with Hugging Face).</summary>
internal sealed record ParityCase(string TextPlain, int[] IdsPlain, string TextAddAfterPlaceholders, int[] IdsAdd, string Sentence, int Label);

internal sealed record ParityFixture(IReadOnlyList<ParityCase> Cases, int NPromptTokens, int[] VerbalizerIds, string[] VerbalizerTokens)
{
    private static readonly Lazy<ParityFixture> Lazy = new(Read);

    public static ParityFixture Instance => Lazy.Value;

    private static ParityFixture Read()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedPaths.ParityFixture));
        var root = doc.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().Select(c => new ParityCase(
            c.GetProperty("text_plain").GetString()!,
            Ints(c.GetProperty("ids_plain")),
            c.GetProperty("text_add_after_placeholders").GetString()!,
            Ints(c.GetProperty("ids_add")),
            c.GetProperty("sentence").GetString()!,
            c.GetProperty("label").GetInt32())).ToList();
        return new ParityFixture(
            cases,
            root.GetProperty("prompt").GetProperty("n_prompt_tokens").GetInt32(),
            Ints(root.GetProperty("verbalizer_ids")),
            root.GetProperty("verbalizer_tokens").EnumerateArray().Select(t => t.GetString()!).ToArray());
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
