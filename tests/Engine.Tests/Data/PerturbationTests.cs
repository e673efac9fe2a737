using FedBpt.Engine.Data;
using FedBpt.Engine.Randomness;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Tests.Data;

public class PerturbationTests
{
    private const int VocabSize = 50265;

    private static EncodedExample[] Shard(int examples, int length) =>
        Enumerable.Range(0, examples)
            .Select(e => new EncodedExample(Enumerable.Range(0, length).Select(t => (e * 31 + t * 7) % 1000).ToArray(), length / 2, e % 2))
            .ToArray();

    private static double ChangedFraction(IReadOnlyList<EncodedExample> before, IReadOnlyList<EncodedExample> after)
    {
        int changed = 0, total = 0;
        for (int e = 0; e < before.Count; e++)
        {
            for (int t = 0; t < before[e].InputIds.Length; t++)
            {
                total++;
                if (before[e].InputIds[t] != after[e].InputIds[t]) changed++;
            }
        }
        return (double)changed / total;
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.9)]
    public void ReplacesTokensAtTheRequestedRate(double rate)
    {
        var shard = Shard(400, 60); // 24,000 tokens: the standard error of the rate is at most 0.0033
        var perturbed = Perturbation.Apply(shard, rate, VocabSize, new Xoshiro256(42));
        double expected = rate * (1 - 1.0 / VocabSize); // a replacement can redraw the same id
        Assert.InRange(ChangedFraction(shard, perturbed), expected - 0.02, expected + 0.02);
    }

    [Fact]
    public void RateZeroKeepsAndRateOneReplacesEverything()
    {
        var shard = Shard(50, 40);
        Assert.Equal(0, ChangedFraction(shard, Perturbation.Apply(shard, 0, VocabSize, new Xoshiro256(1))));
        Assert.True(ChangedFraction(shard, Perturbation.Apply(shard, 1, VocabSize, new Xoshiro256(1))) > 0.998);
    }

    [Fact]
    public void ReplacementsAreUniformOverTheVocabulary()
    {
        var shard = Shard(1000, 100);
        var perturbed = Perturbation.Apply(shard, 1, vocabSize: 10, new Xoshiro256(5));
        var counts = perturbed.SelectMany(e => e.InputIds).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, 10), counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c / 100_000.0, 0.095, 0.105));
    }

    [Fact]
    public void KeepsMaskPositionsLabelsAndLengthsAndLeavesTheOriginalsAlone()
    {
        var shard = Shard(20, 30);
        var copies = shard.Select(e => e.InputIds.ToArray()).ToArray();

        var perturbed = Perturbation.Apply(shard, 0.5, VocabSize, new Xoshiro256(3));

        for (int e = 0; e < shard.Length; e++)
        {
            Assert.Equal(copies[e], shard[e].InputIds);
            Assert.NotSame(shard[e].InputIds, perturbed[e].InputIds);
            Assert.Equal(shard[e].InputIds.Length, perturbed[e].InputIds.Length);
            Assert.Equal(shard[e].MaskPosition, perturbed[e].MaskPosition);
            Assert.Equal(shard[e].Label, perturbed[e].Label);
            Assert.All(perturbed[e].InputIds, id => Assert.InRange(id, 0, VocabSize - 1));
        }
    }

    [Fact]
    public void SameSeedSamePerturbationDifferentSeedDifferent()
    {
        var shard = Shard(20, 30);
        int[][] Run(long seed) => Perturbation.Apply(shard, 0.5, VocabSize, Xoshiro256.Derive(seed, 3)).Select(e => e.InputIds).ToArray();
        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
    }

    [Fact]
    public void RateOutsideZeroToOneIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Perturbation.Apply(Shard(1, 3), 1.5, VocabSize, new Xoshiro256(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Perturbation.Apply(Shard(1, 3), double.NaN, VocabSize, new Xoshiro256(0)));
    }
}
