using static TorchSharp.torch;

namespace FedBpt.Engine.Modeling;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict keys

/// <summary>RoBERTa's masked LM: <c>roberta.embeddings.*</c>, <c>roberta.encoder.layer.N.*</c>, <c>lm_head.*</c>.</summary>
public sealed class RobertaForMaskedLM : MaskedLanguageModel
{
    public readonly EncoderModel roberta;
    public readonly RobertaLMHead lm_head;

    public RobertaForMaskedLM(MaskedLmConfig config, Device? device = null) : base(nameof(RobertaForMaskedLM), config, ModelFamily.Roberta)
    {
        roberta = new EncoderModel(config, device);
        lm_head = new RobertaLMHead(config, device);
        RegisterComponents();
    }

    public override EncoderModel Body => roberta;
    public override MaskedLmHead Head => lm_head;
    public override CheckpointLayout Layout => CheckpointLayout.Roberta;
}
