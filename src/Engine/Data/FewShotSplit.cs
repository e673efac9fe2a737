using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Data;

/// <summary>
/// A few-shot train/dev draw: the examples, their indices in the source list, and examples per class.
/// A class with fewer than the requested shots simply has a smaller count.
/// </summary>
public sealed record FewShotSplit(
    IReadOnlyList<LabeledText> Train,
    IReadOnlyList<LabeledText> Dev,
    IReadOnlyList<int> TrainIndices,
    IReadOnlyList<int> DevIndices,
    IReadOnlyList<int> TrainClassCounts,
    IReadOnlyList<int> DevClassCounts)
{
    public void Deconstruct(out IReadOnlyList<LabeledText> train, out IReadOnlyList<LabeledText> dev)
    {
        train = Train;
        dev = Dev;
    }
}
