using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FedBpt.Engine.Modeling;

/// <summary>
/// The subset of a Hugging Face masked-LM <c>config.json</c> that the encoder needs. Keys the file leaves out take
/// the family's Hugging Face defaults (<see cref="RobertaDefaults"/>, <see cref="BertDefaults"/>).
/// </summary>
public sealed record MaskedLmConfig
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
    [JsonPropertyName("model_type")] public string? ModelType { get; init; }

    /// <summary>The architecture <see cref="ModelType"/> names; <see cref="Validate"/> refuses an unsupported one.</summary>
    [JsonIgnore]
    public ModelFamily Family => ModelFamilies.FromModelType(ModelType)
        ?? throw new ModelLoadException($"model_type '{ModelType}' is not supported; supported: {ModelFamilies.Supported}.");

    /// <summary>
    /// The longest input (in tokens) the position table allows: RoBERTa's positions start after the pad index,
    /// BERT's at 0.
    /// </summary>
    [JsonIgnore]
    public int MaxSequenceLength => Family == ModelFamily.Roberta ? MaxPositionEmbeddings - PadTokenId - 1 : MaxPositionEmbeddings;

    [JsonIgnore] public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>
    /// Parameters of the masked LM with this config, counting the decoder tied to the word embeddings once
    /// (as Hugging Face reports it): embeddings, encoder layers and the LM head (the same shapes in both
    /// families; BERT's pooler and next-sentence head are not part of a masked LM).
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

    /// <summary>What a RoBERTa config.json omits defaults to (roberta-base's values).</summary>
    public static MaskedLmConfig RobertaDefaults { get; } = new() { ModelType = "roberta" };

    /// <summary>Hugging Face's <c>BertConfig</c> defaults (bert-base-uncased's values).</summary>
    public static MaskedLmConfig BertDefaults { get; } = new()
    {
        ModelType = "bert", VocabSize = 30522, MaxPositionEmbeddings = 512, TypeVocabSize = 2, LayerNormEps = 1e-12, PadTokenId = 0,
    };

    public static MaskedLmConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ModelLoadException($"Model config not found: {path}");
        MaskedLmConfig? config;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject file)
                throw new ModelLoadException($"Model config {path} is not a JSON object.");
            string? modelType = file["model_type"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            var family = ModelFamilies.FromModelType(modelType)
                ?? throw new ModelLoadException($"{path}: model_type '{modelType}' is not supported; supported: {ModelFamilies.Supported}.");
            // The file's keys over the family's defaults: BERT and RoBERTa configs omit different things.
            var merged = JsonSerializer.SerializeToNode(family == ModelFamily.Bert ? BertDefaults : RobertaDefaults)!.AsObject();
            foreach (var (key, value) in file) merged[key] = value?.DeepClone();
            config = merged.Deserialize<MaskedLmConfig>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException($"Model config {path} is not valid: {e.Message}", e);
        }
        if (config is null) throw new ModelLoadException($"Model config {path} is empty.");
        config.Validate(path);
        return config;
    }

    public void Validate(string source = "config")
    {
        if (ModelFamilies.FromModelType(ModelType) is null)
            throw new ModelLoadException($"{source}: model_type '{ModelType}' is not supported; supported: {ModelFamilies.Supported}.");
        if (HiddenSize <= 0 || NumHiddenLayers <= 0 || NumAttentionHeads <= 0 || IntermediateSize <= 0 || VocabSize <= 0)
            throw new ModelLoadException($"{source}: sizes must be positive.");
        if (HiddenSize % NumAttentionHeads != 0)
            throw new ModelLoadException($"{source}: hidden_size {HiddenSize} is not divisible by num_attention_heads {NumAttentionHeads}.");
        if (HiddenAct != "gelu")
            throw new ModelLoadException($"{source}: hidden_act '{HiddenAct}' is not supported (RoBERTa and BERT use exact 'gelu').");
        if (TypeVocabSize <= 0)
            throw new ModelLoadException($"{source}: type_vocab_size must be positive (every token has type 0).");
        if (PadTokenId < 0 || PadTokenId >= VocabSize)
            throw new ModelLoadException($"{source}: pad_token_id {PadTokenId} is not a token of the vocabulary (0..{VocabSize - 1}).");
        if (MaxSequenceLength < 3)
            throw new ModelLoadException($"{source}: max_position_embeddings {MaxPositionEmbeddings} leaves no room for a sequence.");
    }
}
