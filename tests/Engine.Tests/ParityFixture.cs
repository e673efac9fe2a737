using System.Text.Json;
using System.Text.Json.Serialization;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests;

/// <summary>
/// ../shared/fixtures/roberta-parity.json (tiny-roberta-mlm) and bert-parity.json (minilm-mlm): reference token ids
/// and the PyTorch outputs computed from them, read once for the tokenizer, encoder and model tests.
/// </summary>
public sealed record ParityFixture(
    [property: JsonPropertyName("verbalizer_ids")] int[] VerbalizerIds,
    [property: JsonPropertyName("verbalizer_tokens")] string[] VerbalizerTokens,
    [property: JsonPropertyName("prompt")] ParityPrompt Prompt,
    [property: JsonPropertyName("cases")] ParityCase[] Cases)
{
    private static readonly Lazy<ParityFixture> Roberta = new(() => Read(SharedPaths.ParityFixture));
    private static readonly Lazy<ParityFixture> Bert = new(() => Read(SharedPaths.BertParityFixture));

    /// <summary>tiny-roberta-mlm's fixture.</summary>
    public static ParityFixture Load() => Roberta.Value;

    /// <summary>minilm-mlm's fixture.</summary>
    public static ParityFixture LoadBert() => Bert.Value;

    private static ParityFixture Read(string path) => JsonSerializer.Deserialize<ParityFixture>(File.ReadAllText(path))!;

    public int NPromptTokens => Prompt.NPromptTokens;
}

public sealed record ParityPrompt(
    [property: JsonPropertyName("n_prompt_tokens")] int NPromptTokens,
    [property: JsonPropertyName("intrinsic_dim")] int IntrinsicDim,
    [property: JsonPropertyName("A_rowmajor")] float[] ARowMajor,
    [property: JsonPropertyName("z")] float[] Z);

public sealed record ParityCase(
    [property: JsonPropertyName("sentence")] string Sentence,
    [property: JsonPropertyName("label")] int Label,
    [property: JsonPropertyName("text_plain")] string TextPlain,
    [property: JsonPropertyName("ids_plain")] int[] IdsPlain,
    [property: JsonPropertyName("text_add_after_placeholders")] string TextAddAfterPlaceholders,
    [property: JsonPropertyName("ids_add")] int[] IdsAdd,
    [property: JsonPropertyName("no_prompt")] ParityOutput NoPrompt,
    [property: JsonPropertyName("add")] ParityOutput Add,
    [property: JsonPropertyName("cat")] ParityOutput Cat);

public sealed record ParityOutput(
    [property: JsonPropertyName("verbalizer_logits")] float[] VerbalizerLogits,
    [property: JsonPropertyName("top5_ids")] long[] Top5Ids);
