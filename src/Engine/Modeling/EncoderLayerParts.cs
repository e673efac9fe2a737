using FedBpt.Engine.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary><c>attention.self.*</c>: the query/key/value projections.</summary>
public sealed class EncoderSelfAttention : nn.Module
{
    public readonly Linear query;
    public readonly Linear key;
    public readonly Linear value;

    public EncoderSelfAttention(MaskedLmConfig config, Device? device = null) : base("self")
    {
        query = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        key = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        value = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        RegisterComponents();
    }
}

/// <summary><c>attention.output.*</c> and <c>output.*</c>: dense → (dropout) → LayerNorm(x + residual).</summary>
public sealed class EncoderResidualOutput : nn.Module
{
    public readonly Linear dense;
    public readonly LayerNorm LayerNorm;

    public EncoderResidualOutput(int inFeatures, MaskedLmConfig config, Device? device = null) : base("output")
    {
        dense = nn.Linear(inFeatures, config.HiddenSize, device: device);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps, device: device);
        RegisterComponents();
    }

    public Tensor forward(Tensor hidden, Tensor residual)
    {
        using var projected = dense.forward(hidden);
        projected.AddInPlace(residual);
        return LayerNorm.forward(projected);
    }
}

/// <summary><c>attention.*</c>: self-attention followed by its residual output block.</summary>
public sealed class EncoderAttention : nn.Module
{
    public readonly EncoderSelfAttention self;
    public readonly EncoderResidualOutput output;

    public EncoderAttention(MaskedLmConfig config, Device? device = null) : base("attention")
    {
        self = new EncoderSelfAttention(config, device);
        output = new EncoderResidualOutput(config.HiddenSize, config, device);
        RegisterComponents();
    }
}

/// <summary><c>intermediate.*</c>: the FFN up-projection (GELU applied by the layer).</summary>
public sealed class EncoderIntermediate : nn.Module
{
    public readonly Linear dense;

    public EncoderIntermediate(MaskedLmConfig config, Device? device = null) : base("intermediate")
    {
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize, device: device);
        RegisterComponents();
    }
}
