using FedBpt.Engine.Randomness;

namespace FedBpt.Engine.Data;

/// <summary>Splits a training set's indices among federated clients; each result row is one client's shard.</summary>
public static class ClientPartitioner
{
    private const int DirichletAttempts = 100;

    /// <summary>
    /// IID split as the reference's <c>split_data</c> (iid=1): every client gets ⌊count/numClients⌋
    /// indices drawn without replacement. Like the reference, the count % numClients leftover examples
    /// are not used, so all shards have the same size and no example is used twice.
    /// </summary>
    public static int[][] Iid(int count, int numClients, Xoshiro256 rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClients, 1);
        if (count < numClients)
            throw new ArgumentException($"Cannot give each of {numClients} clients an example out of {count}.", nameof(count));
        int[] order = Enumerable.Range(0, count).ToArray();
        rng.Shuffle(order);
        int size = count / numClients;
        return Enumerable.Range(0, numClients).Select(c => order[(c * size)..((c + 1) * size)]).ToArray();
    }

    /// <summary>
    /// Non-IID split with label skew: for every class, client shares p ~ Dirichlet(α, …, α) and the
    /// class's shuffled examples are cut at ⌊n_c·cumsum(p)⌋. Small α gives clients few classes; large α
    /// approaches IID. Every example goes to exactly one client, and no client is left empty (the draw
    /// is repeated, then, if still needed, examples move from the largest shards to empty ones).
    /// </summary>
    /// <remarks>
    /// The reference (<c>Dirichlet_noniid</c>) draws per-client class ratios from Dirichlet(prior·α) and
    /// sizes the clients with a cvxopt QP, then scatters the truncation leftovers at random. That needs a
    /// QP solver and its sizes can collapse to zero; the per-class scheme here (Hsu et al. 2019, the usual
    /// FL benchmark split) keeps the same α knob for label skew, uses each example exactly once and is
    /// deterministic given <paramref name="rng"/>.
    /// </remarks>
    public static int[][] Dirichlet(IReadOnlyList<int> labels, int numClasses, int numClients, double alpha, Xoshiro256 rng)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numClients, 1);
        if (!(alpha > 0) || double.IsInfinity(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be a positive finite number.");
        if (labels.Count < numClients)
            throw new ArgumentException($"Cannot give each of {numClients} clients an example out of {labels.Count}.", nameof(labels));

        var byClass = Enumerable.Range(0, numClasses).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0 || labels[i] >= numClasses)
                throw new ArgumentException($"Label {labels[i]} of example {i} is outside 0..{numClasses - 1}.", nameof(labels));
            byClass[labels[i]].Add(i);
        }
        foreach (var members in byClass) rng.Shuffle(members);

        List<int>[] shards = [];
        for (int attempt = 0; attempt < DirichletAttempts; attempt++)
        {
            shards = Allocate(byClass, numClients, alpha, rng);
            if (shards.All(s => s.Count > 0)) break;
        }
        FillEmptyShards(shards);
        foreach (var shard in shards) rng.Shuffle(shard);
        return shards.Select(s => s.ToArray()).ToArray();
    }

    private static List<int>[] Allocate(List<int>[] byClass, int numClients, double alpha, Xoshiro256 rng)
    {
        var shards = Enumerable.Range(0, numClients).Select(_ => new List<int>()).ToArray();
        foreach (var members in byClass)
        {
            double[] shares = DirichletSample(numClients, alpha, rng);
            double cumulative = 0;
            int start = 0;
            for (int c = 0; c < numClients; c++)
            {
                cumulative += shares[c];
                int end = c == numClients - 1 ? members.Count : Math.Min(members.Count, (int)(members.Count * cumulative));
                if (end > start) shards[c].AddRange(members.GetRange(start, end - start));
                start = Math.Max(start, end);
            }
        }
        return shards;
    }

    private static double[] DirichletSample(int k, double alpha, Xoshiro256 rng)
    {
        double[] g = new double[k];
        for (int i = 0; i < k; i++) g[i] = rng.NextGamma(alpha);
        double sum = g.Sum();
        if (sum > 0)
        {
            for (int i = 0; i < k; i++) g[i] /= sum;
        }
        else
        {
            // Every gamma draw underflowed (tiny α): the limit of Dirichlet(α→0) puts all mass on one client.
            g[rng.NextInt(k)] = 1;
        }
        return g;
    }

    private static void FillEmptyShards(List<int>[] shards)
    {
        foreach (var empty in shards.Where(s => s.Count == 0))
        {
            var largest = shards.MaxBy(s => s.Count)!;
            empty.Add(largest[^1]);
            largest.RemoveAt(largest.Count - 1);
        }
    }
}
