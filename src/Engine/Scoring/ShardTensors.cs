using FedBpt.Engine.Tasks;
using static TorchSharp.torch;

namespace FedBpt.Engine.Scoring;

/// <summary>
/// A shard of encoded examples laid out once on the device for repeated scoring: sorted by length and
/// cut into padded buckets, so each CMA-ES iteration reuses the same tensors instead of rebuilding them.
/// </summary>
public sealed class ShardTensors : IDisposable
{
    internal sealed record Bucket(Tensor Ids, Tensor Keep, Tensor MaskPositions, Tensor Labels, int Count, int Length) : IDisposable
    {
        public void Dispose()
        {
            Ids.Dispose();
            Keep.Dispose();
            MaskPositions.Dispose();
            Labels.Dispose();
        }
    }

    internal IReadOnlyList<Bucket> Buckets { get; }

    /// <summary>Example i of the shard is row <c>Order[i]</c> when buckets are concatenated.</summary>
    internal int[] SortedToOriginal { get; }

    public int Count { get; }

    public int NumClasses { get; }

    public long TotalTokens { get; }

    private ShardTensors(List<Bucket> buckets, int[] sortedToOriginal, int numClasses)
    {
        Buckets = buckets;
        SortedToOriginal = sortedToOriginal;
        Count = sortedToOriginal.Length;
        NumClasses = numClasses;
        TotalTokens = buckets.Sum(b => (long)b.Count * b.Length);
    }

    /// <param name="maxTokens">Largest padded bucket (tokens), bounding one forward's activations.</param>
    public static ShardTensors Create(IReadOnlyList<EncodedExample> examples, int numClasses, int padId, Device device, int maxTokens = 16384)
    {
        if (examples.Count == 0) throw new ArgumentException("A shard needs at least one example.", nameof(examples));
        var order = Enumerable.Range(0, examples.Count).OrderBy(i => examples[i].InputIds.Length).ThenBy(i => i).ToArray();
        var lengths = order.Select(i => examples[i].InputIds.Length).ToArray();
        // A forward costs roughly as much as ~64 extra padded tokens of work on CPU; merging across
        // small length gaps is cheaper than launching another forward.
        var groups = LengthBuckets.Partition(lengths, maxTokens, overheadTokens: 64 * 8);

        var buckets = new List<Bucket>(groups.Count);
        try
        {
            foreach (var (start, count) in groups)
            {
                int t = lengths[start + count - 1];
                var ids = new long[count * t];
                Array.Fill(ids, padId);
                var keep = new bool[count * t];
                var maskPos = new long[count];
                var labels = new long[count];
                for (int r = 0; r < count; r++)
                {
                    var ex = examples[order[start + r]];
                    if ((uint)ex.Label >= numClasses) throw new ArgumentException($"Label {ex.Label} is outside 0..{numClasses - 1}.");
                    for (int j = 0; j < ex.InputIds.Length; j++)
                    {
                        ids[r * t + j] = ex.InputIds[j];
                        keep[r * t + j] = true;
                    }
                    maskPos[r] = ex.MaskPosition;
                    labels[r] = ex.Label;
                }
                buckets.Add(new Bucket(
                    tensor(ids, device: device).reshape(count, t),
                    tensor(keep, device: device).reshape(count, t),
                    tensor(maskPos, device: device),
                    tensor(labels, device: device),
                    count, t));
            }
        }
        catch
        {
            foreach (var b in buckets) b.Dispose();
            throw;
        }
        return new ShardTensors(buckets, order, numClasses);
    }

    public void Dispose()
    {
        foreach (var b in Buckets) b.Dispose();
    }
}
