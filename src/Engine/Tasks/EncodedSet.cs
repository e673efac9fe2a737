namespace FedBpt.Engine.Tasks;

/// <summary>The examples kept by <see cref="TaskEncoder.EncodeAll(IEnumerable{LabeledText}, bool)"/> and the input positions of those dropped as too long.</summary>
public sealed record EncodedSet(IReadOnlyList<EncodedExample> Examples, IReadOnlyList<int> DroppedIndices)
{
    public int Dropped => DroppedIndices.Count;
}
