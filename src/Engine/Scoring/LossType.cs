namespace FedBpt.Engine.Scoring;

/// <summary>The training loss over the K verbalizer logits (reference §2.5).</summary>
public enum LossType
{
    /// <summary>Mean cross-entropy with the softmax over the K verbalizer logits (the reference default).</summary>
    CrossEntropy,

    /// <summary>Σ_{j≠y} max(0, l_j − l_y + 2) per example, averaged.</summary>
    Hinge,
}
