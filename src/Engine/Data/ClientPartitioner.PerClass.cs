using FedBpt.Engine.Randomness;

namespace FedBpt.Engine.Data;

public static partial class ClientPartitioner
{
    private const int PerClassAttempts = 100;

    /// <summary>
    /// Non-IID split with label skew, per class (<c>dirichletScheme: "per-class"</c>): for every class, client
    /// shares p ~ Dirichlet(α, …, α) and the class's shuffled examples are cut at ⌊n_c·cumsum(p)⌋. Small α gives
    /// clients few classes; large α approaches IID. Every example goes to exactly one client, and no client is
    /// left empty (the draw is repeated, then, if still needed, examples move from the largest shards to empty ones).
    /// Compared with the reference scheme it gives less label skew and far more unequal client sizes.
    /// </summary>
    public static int[][] PerClassDirichlet(IReadOnlyList<int> labels, int numClasses, int numClients, double alpha, Xoshiro256 rng)
    {
        var byClass = ByClass(labels, numClasses, numClients, alpha, rng);
        foreach (var members in byClass) rng.Shuffle(members);

        List<int>[] shards = [];
        for (int attempt = 0; attempt < PerClassAttempts; attempt++)
        {
            shards = AllocatePerClass(byClass, numClients, alpha, rng);
            if (shards.All(s => s.Count > 0)) break;
        }
        FillEmptyShards(shards);
        foreach (var shard in shards) rng.Shuffle(shard);
        return shards.Select(s => s.ToArray()).ToArray();
    }

    private static List<int>[] AllocatePerClass(List<int>[] byClass, int numClients, double alpha, Xoshiro256 rng)
    {
        var shards = Enumerable.Range(0, numClients).Select(_ => new List<int>()).ToArray();
        var concentration = Enumerable.Repeat(alpha, numClients).ToArray();
        foreach (var members in byClass)
        {
            double[] shares = DirichletSample(concentration, rng);
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
}
