using FedBpt.Engine.Optimization;
using FedBpt.Engine.Randomness;

namespace FedBpt.Engine.Data;

public static partial class ClientPartitioner
{
    private const int ReferenceAttempts = 100;

    // A product R[c,k]·x_k that is an integer up to rounding must not lose an example to the floor.
    private const double FloorSlack = 1e-9;

    /// <summary>
    /// The reference's non-IID split (<c>data_process.py</c>, <c>Dirichlet_noniid</c>; <c>dirichletScheme: "reference"</c>):
    /// <list type="number">
    /// <item>each client k draws a class mix r_k ~ Dirichlet(prior·α), prior = the class shares of the examples;</item>
    /// <item>client sizes x ≥ 0 minimise ‖x‖² subject to R·x = class counts (<see cref="NonnegativeLeastNorm"/>, where
    /// the reference calls cvxopt); if no such x exists, or R's rows are dependent, each class is instead spread over
    /// the clients by shares ~ Dirichlet(α/K, …, α/K), the reference's fallback;</item>
    /// <item>client k takes ⌊R[c,k]·x_k⌋ examples of class c, drawn without replacement, class by class;</item>
    /// <item>every example left over goes to a uniformly random client, and each shard is shuffled.</item>
    /// </list>
    /// Every example goes to exactly one client. The reference can leave a client with no example (its size x_k can
    /// be 0 and no leftover may reach it); here such a draw is repeated, and if that keeps happening, the largest
    /// shards give their last example to the empty ones.
    /// </summary>
    public static int[][] ReferenceDirichlet(IReadOnlyList<int> labels, int numClasses, int numClients, double alpha, Xoshiro256 rng) =>
        ReferenceDirichletDraw(labels, numClasses, numClients, alpha, rng).Shards;

    /// <summary>The shards and whether the least-norm sizes were used (false: the fallback).</summary>
    internal static (int[][] Shards, bool SolvedSizes) ReferenceDirichletDraw(IReadOnlyList<int> labels, int numClasses, int numClients, double alpha, Xoshiro256 rng)
    {
        var byClass = ByClass(labels, numClasses, numClients, alpha, rng);
        // np.unique: only the classes present take part, in class order.
        var present = byClass.Where(m => m.Count > 0).ToArray();
        List<int>[] shards = [];
        bool solved = false;
        for (int attempt = 0; attempt < ReferenceAttempts; attempt++)
        {
            (shards, solved) = AllocateReference(present, labels.Count, numClients, alpha, rng);
            if (shards.All(s => s.Count > 0)) break;
        }
        FillEmptyShards(shards);
        return (shards.Select(s => s.ToArray()).ToArray(), solved);
    }

    private static (List<int>[] Shards, bool SolvedSizes) AllocateReference(List<int>[] byClass, int total, int numClients, double alpha, Xoshiro256 rng)
    {
        int classes = byClass.Length;
        var prior = byClass.Select(m => alpha * m.Count / total).ToArray();
        var ratio = new double[classes, numClients];
        for (int k = 0; k < numClients; k++)
        {
            var mix = DirichletSample(prior, rng);
            for (int c = 0; c < classes; c++) ratio[c, k] = mix[c];
        }

        var division = LeastNormDivision(ratio, byClass.Select(m => m.Count).ToArray());
        bool solved = division is not null;
        if (division is null)
        {
            division = new double[classes, numClients];
            var concentration = Enumerable.Repeat(alpha / numClients, numClients).ToArray();
            for (int c = 0; c < classes; c++)
            {
                var shares = DirichletSample(concentration, rng);
                for (int k = 0; k < numClients; k++) division[c, k] = shares[k] * byClass[c].Count;
            }
        }
        return (AllocateDivision(byClass, division, rng), solved);
    }

    /// <summary>
    /// Examples of class c for client k, R[c,k]·x_k, with the client sizes x from the least-norm QP; null when the QP
    /// has no solution (infeasible, or R's rows dependent).
    /// </summary>
    internal static double[,]? LeastNormDivision(double[,] ratio, IReadOnlyList<int> classCounts)
    {
        var sizes = NonnegativeLeastNorm.Solve(ratio, classCounts.Select(n => (double)n).ToArray());
        if (sizes.Outcome != LeastNormOutcome.Solved) return null;
        int classes = ratio.GetLength(0), clients = ratio.GetLength(1);
        var division = new double[classes, clients];
        for (int c = 0; c < classes; c++)
            for (int k = 0; k < clients; k++) division[c, k] = ratio[c, k] * sizes.X![k];
        return division;
    }

    /// <summary>
    /// Client k takes ⌊division[c,k]⌋ examples of class c without replacement, class by class; each leftover example
    /// goes to a uniformly random client; each shard is shuffled.
    /// </summary>
    internal static List<int>[] AllocateDivision(IReadOnlyList<List<int>> byClass, double[,] division, Xoshiro256 rng)
    {
        int clients = division.GetLength(1);
        var shards = Enumerable.Range(0, clients).Select(_ => new List<int>()).ToArray();
        var rest = new List<int>();
        for (int c = 0; c < byClass.Count; c++)
        {
            // Consecutive slices of a shuffled copy are draws without replacement, client after client.
            var members = new List<int>(byClass[c]);
            rng.Shuffle(members);
            int start = 0;
            for (int k = 0; k < clients; k++)
            {
                int take = Math.Min((int)Math.Floor(division[c, k] + FloorSlack), members.Count - start);
                shards[k].AddRange(members.GetRange(start, take));
                start += take;
            }
            rest.AddRange(members.GetRange(start, members.Count - start));
        }
        foreach (int index in rest) shards[rng.NextInt(clients)].Add(index);
        foreach (var shard in shards) rng.Shuffle(shard);
        return shards;
    }
}
