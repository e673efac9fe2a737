using FedBpt.Engine.Randomness;

namespace FedBpt.Engine.Data;

/// <summary>How a non-IID split skews the labels (the spec's <c>dirichletScheme</c>).</summary>
public enum DirichletScheme
{
    /// <summary>The reference's <c>Dirichlet_noniid</c>: a class mix per client, client sizes from a least-norm QP.</summary>
    Reference,

    /// <summary>Per-class Dirichlet shares over the clients (Hsu et al. 2019, the usual FL benchmark split).</summary>
    PerClass,
}

/// <summary>Splits a training set's indices among federated clients; each result row is one client's shard.</summary>
public static partial class ClientPartitioner
{
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

    /// <summary>A non-IID split by <paramref name="scheme"/> (see <see cref="ReferenceDirichlet"/> and <see cref="PerClassDirichlet"/>).</summary>
    public static int[][] Dirichlet(DirichletScheme scheme, IReadOnlyList<int> labels, int numClasses, int numClients, double alpha, Xoshiro256 rng) =>
        scheme switch
        {
            DirichletScheme.Reference => ReferenceDirichlet(labels, numClasses, numClients, alpha, rng),
            DirichletScheme.PerClass => PerClassDirichlet(labels, numClasses, numClients, alpha, rng),
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown Dirichlet scheme."),
        };

    /// <summary>Checks the arguments of a non-IID split and groups the example indices by class.</summary>
    private static List<int>[] ByClass(IReadOnlyList<int> labels, int numClasses, int numClients, double alpha, Xoshiro256 rng)
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
        return byClass;
    }

    /// <summary>A draw from Dirichlet(concentration) (normalised Gamma draws).</summary>
    private static double[] DirichletSample(IReadOnlyList<double> concentration, Xoshiro256 rng)
    {
        int k = concentration.Count;
        double[] g = new double[k];
        for (int i = 0; i < k; i++) g[i] = rng.NextGamma(concentration[i]);
        double sum = g.Sum();
        if (sum > 0)
        {
            for (int i = 0; i < k; i++) g[i] /= sum;
        }
        else
        {
            // Every gamma draw underflowed (tiny concentrations): the limit puts all mass on one component.
            g[rng.NextInt(k)] = 1;
        }
        return g;
    }

    /// <summary>Gives every empty shard the last example of the currently largest shard.</summary>
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
