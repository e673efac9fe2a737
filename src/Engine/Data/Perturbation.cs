using FedBpt.Engine.Randomness;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Data;

/// <summary>
/// FedBPT's anti-overfitting perturbation (reference §2.6, <c>perturb_dataset</c>): a copy of the shard
/// in which every real token — start, end and mask tokens and the prompt
/// placeholders included — is replaced with probability <c>rate</c> by a uniform id in [0, vocabSize).
/// A replacement may draw the original id, as in the reference. Mask positions and labels are kept.
/// </summary>
public static class Perturbation
{
    public static IReadOnlyList<EncodedExample> Apply(IReadOnlyList<EncodedExample> shard, double rate, int vocabSize, Xoshiro256 rng)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(rate >= 0 && rate <= 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The perturbation rate must be in [0, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 1);

        var perturbed = new EncodedExample[shard.Count];
        for (int e = 0; e < shard.Count; e++)
        {
            var example = shard[e];
            int[] ids = (int[])example.InputIds.Clone();
            for (int t = 0; t < ids.Length; t++)
            {
                if (rng.NextDouble() < rate) ids[t] = rng.NextInt(vocabSize);
            }
            perturbed[e] = example with { InputIds = ids };
        }
        return perturbed;
    }
}
