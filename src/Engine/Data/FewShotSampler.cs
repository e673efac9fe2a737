using FedBpt.Engine.Randomness;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Data;

/// <summary>
/// The reference's <c>construct_true_few_shot_data</c>: shuffle all indices with a seeded generator,
/// walk them in that order, give the first k of each class to train and the next k of each class to
/// dev. With k &lt; 0 the shuffled data is split 90/10 (train gets ⌊0.9·n⌋, as the reference's int()).
/// </summary>
public static class FewShotSampler
{
    /// <param name="usable">
    /// False for an example that must not be used (too long for the model): the walk passes over it, which gives
    /// the same draw as removing such examples first, as the reference does when it loads the data, so k per
    /// class still holds. Called only for the examples the walk reaches (all of them when k &lt; 0).
    /// </param>
    public static FewShotSplit Sample(IReadOnlyList<LabeledText> train, int kShot, int numClasses, long seed, Func<int, bool>? usable = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        for (int i = 0; i < train.Count; i++)
        {
            if (train[i].Label < 0 || train[i].Label >= numClasses)
                throw new ArgumentException($"Example {i} has label {train[i].Label}, outside 0..{numClasses - 1}.", nameof(train));
        }

        int[] order = Enumerable.Range(0, train.Count).ToArray();
        new Xoshiro256(unchecked((ulong)seed)).Shuffle(order);

        var trainIndices = new List<int>();
        var devIndices = new List<int>();
        if (kShot < 0)
        {
            int[] kept = usable is null ? order : order.Where(usable).ToArray();
            int trainCount = (int)(kept.Length * 0.9);
            trainIndices.AddRange(kept.Take(trainCount));
            devIndices.AddRange(kept.Skip(trainCount));
        }
        else
        {
            var trainCounts = new int[numClasses];
            var devCounts = new int[numClasses];
            foreach (int index in order)
            {
                int label = train[index].Label;
                if (trainCounts[label] >= kShot && devCounts[label] >= kShot) continue;
                if (usable is not null && !usable(index)) continue;
                if (trainCounts[label] < kShot)
                {
                    trainIndices.Add(index);
                    trainCounts[label]++;
                }
                else if (devCounts[label] < kShot)
                {
                    devIndices.Add(index);
                    devCounts[label]++;
                }
            }
        }
        return new FewShotSplit(
            trainIndices.Select(i => train[i]).ToArray(),
            devIndices.Select(i => train[i]).ToArray(),
            trainIndices,
            devIndices,
            ClassCounts(train, trainIndices, numClasses),
            ClassCounts(train, devIndices, numClasses));
    }

    private static int[] ClassCounts(IReadOnlyList<LabeledText> items, IEnumerable<int> indices, int numClasses)
    {
        var counts = new int[numClasses];
        foreach (int i in indices) counts[items[i].Label]++;
        return counts;
    }
}
