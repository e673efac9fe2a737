namespace FedBpt.Engine.Tasks;

/// <summary>How the prompt enters the encoder (reference §2.3).</summary>
public enum PromptMode
{
    /// <summary>Placeholder tokens follow <c>&lt;s&gt;</c>; prompt rows are added to them after the embedding LayerNorm (the default).</summary>
    Add,

    /// <summary>No placeholders in the text; prompt rows are prepended to the whole sequence.</summary>
    Cat,
}
