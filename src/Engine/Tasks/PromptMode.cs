namespace FedBpt.Engine.Tasks;

/// <summary>How the continuous prompt enters the encoder (reference §2.3).</summary>
public enum PromptMode
{
    /// <summary>Added to the hidden states of n placeholder tokens right after <c>&lt;s&gt;</c> (default).</summary>
    Add,

    /// <summary>Concatenated in front of the whole sequence, after the embedding LayerNorm.</summary>
    Cat,
}
