using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary><c>encoder.*</c>: the stack of transformer layers.</summary>
public sealed class EncoderStack : nn.Module
{
    public readonly ModuleList<EncoderLayer> layer;

    public EncoderStack(MaskedLmConfig config, Device? device = null) : base("encoder")
    {
        layer = new ModuleList<EncoderLayer>();
        for (int i = 0; i < config.NumHiddenLayers; i++) layer.Add(new EncoderLayer(config, device));
        RegisterComponents();
    }
}

/// <summary>
/// <c>roberta.*</c> / <c>bert.*</c>: embeddings and encoder (no pooler: a masked LM does not use one). The prefix
/// is the field name the family's masked-LM class holds this module under.
/// </summary>
public sealed class EncoderModel : nn.Module
{
    public readonly EncoderEmbeddings embeddings;
    public readonly EncoderStack encoder;

    public EncoderModel(MaskedLmConfig config, Device? device = null) : base(config.Family.ToString().ToLowerInvariant())
    {
        embeddings = new EncoderEmbeddings(config, device);
        encoder = new EncoderStack(config, device);
        RegisterComponents();
    }
}
