namespace FedBpt.Web.Catalog;

/// <summary>
/// A model folder found in the model roots, or a Hub model in the Hugging Face cache (<see cref="FromHub"/>, named by its
/// repository id); the sizes come from its config.json (null when it could not be read).
/// </summary>
public sealed record ModelInfo(
    string Name,
    bool HasWeights,
    int? Layers,
    int? HiddenSize,
    int? AttentionHeads,
    int? VocabSize,
    int? MaxSequenceLength,
    long? ParameterCount,
    string? Error,
    bool FromHub = false)
{
    /// <summary>The architecture config.json's model_type names ("RoBERTa", "BERT"), null when it could not be read.</summary>
    public string? Family { get; init; }

    /// <summary>The tokenizer the folder's files hold ("byte-level BPE", "WordPiece"), null when none.</summary>
    public string? Tokenizer { get; init; }
}

public sealed record SplitInfo(string Split, int Rows, IReadOnlyList<int> LabelCounts);

/// <summary>
/// A task experiments can name: a built-in one with the splits found in the data roots or the Hugging Face cache, or an
/// uploaded dataset. <see cref="HubDataset"/>: where a run takes the splits still missing from (null: nowhere, e.g. offline).
/// </summary>
public sealed record TaskInfo(
    string Name,
    bool Custom,
    string? Template,
    IReadOnlyList<string> LabelWords,
    string? Metric,
    string? TrainSplit,
    string? TestSplit,
    bool Pair,
    IReadOnlyList<SplitInfo> Splits,
    string? Error,
    string? HubDataset = null);
