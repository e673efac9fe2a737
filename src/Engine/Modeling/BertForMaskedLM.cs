using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>
/// BERT's masked LM: <c>bert.embeddings.*</c>, <c>bert.encoder.layer.N.*</c>, <c>cls.predictions.*</c>; absolute
/// positions 0..T−1 and token type 0.
/// </summary>
public sealed class BertForMaskedLM : MaskedLanguageModel
{
    public readonly EncoderModel bert;
    public readonly BertOnlyMLMHead cls;

    public BertForMaskedLM(MaskedLmConfig config, Device? device = null) : base(nameof(BertForMaskedLM), config, ModelFamily.Bert)
    {
        bert = new EncoderModel(config, device);
        cls = new BertOnlyMLMHead(config, device);
        RegisterComponents();
    }

    public override EncoderModel Body => bert;
    public override MaskedLmHead Head => cls;
    public override CheckpointLayout Layout => CheckpointLayout.Bert;
}
