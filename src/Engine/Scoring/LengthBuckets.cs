namespace FedBpt.Engine.Scoring;

/// <summary>
/// Splits examples sorted by length into contiguous groups so that padding plus a per-forward overhead
/// is smallest (an O(n²) dynamic programme; n is at most a few thousand examples).
/// </summary>
internal static class LengthBuckets
{
    /// <param name="sortedLengths">Lengths in ascending order.</param>
    /// <param name="maxTokens">No group may hold more than this many padded tokens.</param>
    /// <param name="overheadTokens">Cost of one extra forward, in padded-token equivalents.</param>
    /// <returns>Group boundaries as (start, count) pairs.</returns>
    public static IReadOnlyList<(int Start, int Count)> Partition(IReadOnlyList<int> sortedLengths, int maxTokens, int overheadTokens)
    {
        int n = sortedLengths.Count;
        if (n == 0) return [];
        var best = new long[n + 1];
        var cut = new int[n + 1];
        best[0] = 0;
        for (int end = 1; end <= n; end++)
        {
            best[end] = long.MaxValue;
            int longest = sortedLengths[end - 1];
            for (int start = end - 1; start >= 0; start--)
            {
                long tokens = (long)(end - start) * longest;
                if (tokens > maxTokens && end - start > 1) break; // larger groups only get bigger
                long cost = best[start] + tokens + overheadTokens;
                if (cost < best[end])
                {
                    best[end] = cost;
                    cut[end] = start;
                }
            }
        }
        var groups = new List<(int, int)>();
        for (int end = n; end > 0; end = cut[end]) groups.Add((cut[end], end - cut[end]));
        groups.Reverse();
        return groups;
    }
}
