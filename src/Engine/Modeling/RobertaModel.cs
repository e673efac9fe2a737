using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary><c>roberta.encoder.*</c>: the stack of transformer layers.</summary>
public sealed class RobertaEncoder : nn.Module
{
    public readonly ModuleList<RobertaLayer> layer;

    public RobertaEncoder(RobertaConfig config, Device? device = null) : base("encoder")
    {
        layer = new ModuleList<RobertaLayer>();
        for (int i = 0; i < config.NumHiddenLayers; i++) layer.Add(new RobertaLayer(config, device));
        RegisterComponents();
    }
}

/// <summary><c>roberta.*</c>: embeddings and encoder (no pooler: the masked LM does not use one).</summary>
public sealed class RobertaModel : nn.Module
{
    public readonly RobertaEmbeddings embeddings;
    public readonly RobertaEncoder encoder;

    public RobertaModel(RobertaConfig config, Device? device = null) : base("roberta")
    {
        embeddings = new RobertaEmbeddings(config, device);
        encoder = new RobertaEncoder(config, device);
        RegisterComponents();
    }
}
