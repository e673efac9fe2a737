using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary><c>attention.self.*</c>: the query/key/value projections.</summary>
public sealed class RobertaSelfAttention : nn.Module
{
    public readonly Linear query;
    public readonly Linear key;
    public readonly Linear value;

    public RobertaSelfAttention(RobertaConfig config, Device? device = null) : base("self")
    {
        query = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        key = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        value = nn.Linear(config.HiddenSize, config.HiddenSize, device: device);
        RegisterComponents();
    }
}

/// <summary><c>attention.output.*</c> and <c>output.*</c>: dense → (dropout) → LayerNorm(x + residual).</summary>
public sealed class RobertaResidualOutput : nn.Module
{
    public readonly Linear dense;
    public readonly LayerNorm LayerNorm;

    public RobertaResidualOutput(int inFeatures, RobertaConfig config, Device? device = null) : base("output")
    {
        dense = nn.Linear(inFeatures, config.HiddenSize, device: device);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps, device: device);
        RegisterComponents();
    }

    public Tensor forward(Tensor hidden, Tensor residual)
    {
        using var projected = dense.forward(hidden);
        projected.add_(residual);
        return LayerNorm.forward(projected);
    }
}

/// <summary><c>attention.*</c>: self-attention followed by its residual output block.</summary>
public sealed class RobertaAttention : nn.Module
{
    public readonly RobertaSelfAttention self;
    public readonly RobertaResidualOutput output;

    public RobertaAttention(RobertaConfig config, Device? device = null) : base("attention")
    {
        self = new RobertaSelfAttention(config, device);
        output = new RobertaResidualOutput(config.HiddenSize, config, device);
        RegisterComponents();
    }
}

/// <summary><c>intermediate.*</c>: the FFN up-projection (GELU applied by the layer).</summary>
public sealed class RobertaIntermediate : nn.Module
{
    public readonly Linear dense;

    public RobertaIntermediate(RobertaConfig config, Device? device = null) : base("intermediate")
    {
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize, device: device);
        RegisterComponents();
    }
}
