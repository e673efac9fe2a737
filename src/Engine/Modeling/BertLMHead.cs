using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>
/// <c>cls.*</c>: BERT's masked-LM head, <c>cls.predictions</c>. Real checkpoints may also hold the next-sentence
/// head <c>cls.seq_relationship.*</c>, which a masked LM does not use (the loader accepts and skips it).
/// </summary>
public sealed class BertOnlyMLMHead : MaskedLmHead
{
    public readonly BertLMPredictionHead predictions;

    public BertOnlyMLMHead(MaskedLmConfig config, Device? device = null) : base("cls")
    {
        predictions = new BertLMPredictionHead(config, device);
        RegisterComponents();
    }

    public override Tensor Bias => predictions.bias;

    public override Tensor Transform(Tensor hidden) =>
        Transform(hidden, predictions.transform.dense, predictions.transform.LayerNorm);
}

/// <summary>
/// <c>cls.predictions.*</c>: <c>transform</c>, then the decoder (tied to the word embeddings, not a parameter)
/// with <c>cls.predictions.bias</c>.
/// </summary>
public sealed class BertLMPredictionHead : nn.Module
{
    public readonly BertPredictionHeadTransform transform;
    public readonly Parameter bias;

    public BertLMPredictionHead(MaskedLmConfig config, Device? device = null) : base("predictions")
    {
        transform = new BertPredictionHeadTransform(config, device);
        bias = nn.Parameter(zeros(config.VocabSize, device: device));
        RegisterComponents();
    }
}

/// <summary><c>cls.predictions.transform.*</c>: dense → GELU → LayerNorm.</summary>
public sealed class BertPredictionHeadTransform : nn.Module
{
    public readonly Linear dense;
    public readonly LayerNorm LayerNorm;

    public BertPredictionHeadTransform(MaskedLmConfig config, Device? device = null) : base("transform")
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps, device: device);
        RegisterComponents();
    }
}
