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

    public int NumClients => _counts.Length;
    public int NumClasses { get; }

    public int this[int client, int label] => _counts[client][label];

    public IReadOnlyList<int> ClientTotals => _counts.Select(r => r.Sum()).ToArray();

    public IReadOnlyList<int> ClassTotals =>
        Enumerable.Range(0, NumClasses).Select(c => _counts.Sum(r => r[c])).ToArray();

    /// <summary>The fraction of a client's examples in its most common class (1 = a single class; 0 for an empty client).</summary>
    public double MaxClassShare(int client)
    {
        int[] row = _counts[client];
        int total = row.Sum();
        return total == 0 ? 0 : (double)row.Max() / total;
    }
}
