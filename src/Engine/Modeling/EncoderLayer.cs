using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>
/// <c>roberta.encoder.layer.N.*</c> / <c>bert.encoder.layer.N.*</c>: post-LN transformer block (attention, then
/// GELU FFN), the same module and keys in both families.
/// </summary>
public sealed class EncoderLayer : nn.Module
{
    public readonly EncoderAttention attention;
    public readonly EncoderIntermediate intermediate;
    public readonly EncoderResidualOutput output;

    private readonly int _heads;
    private readonly int _headDim;
    // Q, K and V concatenated into one [3H, H] projection: one GEMM instead of three. Kept in a holder
    // so RegisterComponents does not turn it into a buffer (it is derived, not part of the state dict).
    private readonly FusedProjection _qkv = new();

    public EncoderLayer(MaskedLmConfig config, Device? device = null) : base("layer")
    {
        attention = new EncoderAttention(config, device);
        intermediate = new EncoderIntermediate(config, device);
        output = new EncoderResidualOutput(config.IntermediateSize, config, device);
        _heads = config.NumAttentionHeads;
        _headDim = config.HeadDim;
        RegisterComponents();
    }

    /// <summary>Rebuilds the fused QKV projection from the current query/key/value weights.</summary>
    internal void FuseProjections()
    {
        var self = attention.self;
        _qkv.Set(
            cat([self.query.weight!, self.key.weight!, self.value.weight!], 0),
            cat([self.query.bias!, self.key.bias!, self.value.bias!], 0));
    }

    /// <param name="hidden">[B, T, H]</param>
    /// <param name="keep">[B, 1, 1, T] boolean: true where a key position takes part in attention.</param>
    public Tensor forward(Tensor hidden, Tensor keep)
    {
        using var scope = NewDisposeScope();
        if (!_qkv.IsSet) FuseProjections();
        long b = hidden.shape[0], t = hidden.shape[1], h = hidden.shape[2];

        var qkv = F.linear(hidden, _qkv.Weight!, _qkv.Bias!)          // [B, T, 3H]
            .view(b, t, 3, _heads, _headDim)
            .permute(2, 0, 3, 1, 4);                                   // [3, B, heads, T, d]
        var context = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], keep, 0.0, false)
            .transpose(1, 2)
            .reshape(b, t, h);
        var attended = attention.output.forward(context, hidden);
        var ffn = F.gelu(intermediate.dense.forward(attended));
        return output.forward(ffn, attended).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The layer's output at one position per sequence only (the last layer needs nothing else):
    /// keys and values for every token, but the query, attention output and FFN for that row alone.
    /// </summary>
    /// <param name="hidden">[B, T, H]</param>
    /// <param name="keep">[B, 1, 1, T] boolean.</param>
    /// <param name="rows">[B] flat row indices b·T + position into hidden viewed as [B·T, H].</param>
    /// <returns>[B, H]</returns>
    public Tensor ForwardAt(Tensor hidden, Tensor keep, Tensor rows)
    {
        using var scope = NewDisposeScope();
        if (!_qkv.IsSet) FuseProjections();
        long b = hidden.shape[0], t = hidden.shape[1], h = hidden.shape[2];

        var at = hidden.reshape(b * t, h).index_select(0, rows);                       // [B, H]
        var q = F.linear(at, _qkv.Weight!.narrow(0, 0, h), _qkv.Bias!.narrow(0, 0, h))
            .view(b, 1, _heads, _headDim).transpose(1, 2);                              // [B, heads, 1, d]
        var kv = F.linear(hidden, _qkv.Weight!.narrow(0, h, 2 * h), _qkv.Bias!.narrow(0, h, 2 * h))
            .view(b, t, 2, _heads, _headDim).permute(2, 0, 3, 1, 4);                     // [2, B, heads, T, d]
        var context = F.scaled_dot_product_attention(q, kv[0], kv[1], keep, 0.0, false)
            .transpose(1, 2).reshape(b, h);
        var attended = attention.output.forward(context, at);
        var ffn = F.gelu(intermediate.dense.forward(attended));
        return output.forward(ffn, attended).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _qkv.Clear();
        base.Dispose(disposing);
    }

    private sealed class FusedProjection
    {
        public Tensor? Weight { get; private set; }
        public Tensor? Bias { get; private set; }
        public bool IsSet => Weight is not null;

        public void Set(Tensor weight, Tensor bias)
        {
            Clear();
            Weight = weight.DetachFromDisposeScope();
            Bias = bias.DetachFromDisposeScope();
        }

        public void Clear()
        {
            Weight?.Dispose();
            Bias?.Dispose();
            Weight = Bias = null;
        }
    }
}
