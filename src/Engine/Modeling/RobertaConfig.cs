using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedBpt.Engine.Modeling;

/// <summary>The subset of a Hugging Face RoBERTa <c>config.json</c> that the encoder needs.</summary>
public sealed record RobertaConfig
{
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 50265;
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 768;
    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; } = 12;
    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; } = 12;
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; } = 3072;
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "gelu";
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 514;
    [JsonPropertyName("type_vocab_size")] public int TypeVocabSize { get; init; } = 1;
    [JsonPropertyName("layer_norm_eps")] public double LayerNormEps { get; init; } = 1e-5;
    [JsonPropertyName("pad_token_id")] public int PadTokenId { get; init; } = 1;
    [JsonPropertyName("bos_token_id")] public int BosTokenId { get; init; } = 0;
    [JsonPropertyName("eos_token_id")] public int EosTokenId { get; init; } = 2;
    [JsonPropertyName("model_type")] public string? ModelType { get; init; }

    /// <summary>The longest input (in tokens) the position table allows: positions start after the pad index.</summary>
    [JsonIgnore] public int MaxSequenceLength => MaxPositionEmbeddings - PadTokenId - 1;

    [JsonIgnore] public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>
    /// Parameters of RobertaForMaskedLM with this config, counting the decoder tied to the word embeddings once
    /// (as Hugging Face reports it): embeddings, encoder layers and the LM head.
    /// </summary>
    [JsonIgnore]
    public long ParameterCount
    {
        get
        {
            long h = HiddenSize, i = IntermediateSize;
            long embeddings = (VocabSize + MaxPositionEmbeddings + TypeVocabSize) * h + 2 * h;
            long attention = 4 * (h * h + h) + 2 * h;
            long feedForward = (h * i + i) + (i * h + h) + 2 * h;
            long head = (h * h + h) + 2 * h + VocabSize;
            return embeddings + NumHiddenLayers * (attention + feedForward) + head;
        }
    }

    /// <summary>roberta-large's architecture, for tests that build it without weights.</summary>
    public static RobertaConfig RobertaLarge { get; } = new()
    {
        HiddenSize = 1024, NumHiddenLayers = 24, NumAttentionHeads = 16, IntermediateSize = 4096,
    };

    public static RobertaConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ModelLoadException($"Model config not found: {path}");
        RobertaConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<RobertaConfig>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"Model config {path} is not valid JSON: {e.Message}", e);
        }
        if (config is null) throw new ModelLoadException($"Model config {path} is empty.");
        config.Validate(path);
        return config;
    }

    public void Validate(string source = "config")
    {
        if (ModelType is { } type && type is not ("roberta" or "xlm-roberta" or "camembert"))
            throw new ModelLoadException($"{source}: model_type '{type}' is not a RoBERTa-family masked LM.");
        if (HiddenSize <= 0 || NumHiddenLayers <= 0 || NumAttentionHeads <= 0 || IntermediateSize <= 0 || VocabSize <= 0)
            throw new ModelLoadException($"{source}: sizes must be positive.");
        if (HiddenSize % NumAttentionHeads != 0)
            throw new ModelLoadException($"{source}: hidden_size {HiddenSize} is not divisible by num_attention_heads {NumAttentionHeads}.");
        if (HiddenAct != "gelu")
            throw new ModelLoadException($"{source}: hidden_act '{HiddenAct}' is not supported (RoBERTa uses exact 'gelu').");
    }
}
