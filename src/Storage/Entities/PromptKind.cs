namespace FedBpt.Storage.Entities;

/// <summary>Both are kept because accuracy peaks before the last round (the reference peaks at 116 of 200).</summary>
public enum PromptKind
{
    Best,
    Final,
}
