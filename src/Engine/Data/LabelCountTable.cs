namespace FedBpt.Engine.Data;

/// <summary>Examples per client and class of a partition, for display and for checking label skew.</summary>
public sealed class LabelCountTable
{
    private readonly int[][] _counts;

    public LabelCountTable(IReadOnlyList<IReadOnlyList<int>> partition, IReadOnlyList<int> labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        NumClasses = numClasses;
        _counts = partition.Select(shard =>
        {
            var row = new int[numClasses];
            foreach (int index in shard) row[labels[index]]++;
            return row;
        }).ToArray();
    }

    private LabelCountTable(int[][] counts, int numClasses)
    {
        _counts = counts;
        NumClasses = numClasses;
    }

    /// <summary>A table from its rows (client → examples per class), e.g. as stored with a run; short rows count 0.</summary>
    public static LabelCountTable FromCounts(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int classes = Math.Max(1, counts.Count == 0 ? 1 : counts.Max(r => r.Count));
        return new LabelCountTable(counts.Select(r => Enumerable.Range(0, classes).Select(c => c < r.Count ? r[c] : 0).ToArray()).ToArray(), classes);
    }

    public int NumClients => _counts.Length;
    public int NumClasses { get; }

    public int this[int client, int label] => _counts[client][label];

    public IReadOnlyList<int> ClientTotals => _counts.Select(r => r.Sum()).ToArray();

    /// <summary>The fraction of a client's examples in its most common class (1 = a single class; 0 for an empty client).</summary>
    public double MaxClassShare(int client)
    {
        int[] row = _counts[client];
        int total = row.Sum();
        return total == 0 ? 0 : (double)row.Max() / total;
    }

    /// <summary>Label skew: the mean over clients of <see cref="MaxClassShare"/> (1/classes when balanced, 1 when every client holds one class).</summary>
    public double MeanMaxClassShare => NumClients == 0 ? 0 : Enumerable.Range(0, NumClients).Average(MaxClassShare);

    /// <summary>
    /// Size inequality: the coefficient of variation of the client sizes, population standard deviation over mean
    /// (0 when all clients are equally large; 0 for an empty table).
    /// </summary>
    public double SizeCoefficientOfVariation
    {
        get
        {
            var sizes = ClientTotals;
            if (sizes.Count == 0) return 0;
            double mean = sizes.Average();
            return mean == 0 ? 0 : Math.Sqrt(sizes.Average(n => (n - mean) * (n - mean))) / mean;
        }
    }
}
