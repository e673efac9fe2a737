namespace FedBpt.Engine.Modeling;

/// <summary>
/// The masked-LM architectures the engine runs. They share the encoder layers and differ in their embeddings
/// (RoBERTa's pad-offset positions vs BERT's absolute ones) and in their state-dict key names.
/// </summary>
public enum ModelFamily
{
    /// <summary>RobertaForMaskedLM: <c>roberta.*</c> and <c>lm_head.*</c>.</summary>
    Roberta,

    /// <summary>BertForMaskedLM: <c>bert.*</c> and <c>cls.predictions.*</c>.</summary>
    Bert,
}

public static class ModelFamilies
{
    /// <summary>config.json <c>model_type</c> values and the family each is built as.</summary>
    private static readonly (string ModelType, ModelFamily Family)[] ModelTypes =
    [
        ("roberta", ModelFamily.Roberta), ("xlm-roberta", ModelFamily.Roberta), ("camembert", ModelFamily.Roberta),
        ("bert", ModelFamily.Bert),
    ];

    /// <summary>The supported <c>model_type</c> values, for error messages.</summary>
    public static string Supported => string.Join(", ", ModelTypes.Select(t => $"'{t.ModelType}'"));

    /// <summary>
    /// The family of a <c>model_type</c>; a config without one is read as RoBERTa (the engine's first family, and
    /// how configs written before families existed are read). Null for an unsupported type.
    /// </summary>
    public static ModelFamily? FromModelType(string? modelType) =>
        modelType is null ? ModelFamily.Roberta
        : ModelTypes.FirstOrDefault(t => t.ModelType == modelType) is { ModelType: not null } match ? match.Family
        : null;

    /// <summary>How the family is shown to users: the Hugging Face architecture name.</summary>
    public static string DisplayName(this ModelFamily family) => family switch
    {
        ModelFamily.Roberta => "RoBERTa",
        ModelFamily.Bert => "BERT",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };
}
