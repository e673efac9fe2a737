using FedBpt.Engine.Scoring;

namespace FedBpt.Engine.Tests.Scoring;

public sealed class LengthBucketsTests
{
    [Fact]
    public void GroupsCoverEveryExampleOnceAndRespectTheTokenBudget()
    {
        var lengths = Enumerable.Range(0, 300).Select(i => 20 + (i * 37 % 90)).Order().ToArray();
        var groups = LengthBuckets.Partition(lengths, maxTokens: 2000, overheadTokens: 100);

        Assert.Equal(0, groups[0].Start);
        for (int g = 1; g < groups.Count; g++) Assert.Equal(groups[g - 1].Start + groups[g - 1].Count, groups[g].Start);
        Assert.Equal(lengths.Length, groups.Sum(g => g.Count));
        Assert.All(groups, g => Assert.True(g.Count * lengths[g.Start + g.Count - 1] <= 2000));
    }

    [Fact]
    public void SimilarLengthsShareAForwardAndDistantOnesDoNot()
    {
        int[] lengths = [10, 10, 11, 11, 200, 201];
        var groups = LengthBuckets.Partition(lengths, maxTokens: 100_000, overheadTokens: 50);
        Assert.Equal([(0, 4), (4, 2)], groups);
    }

    [Fact]
    public void LargeOverheadMergesEverything()
    {
        int[] lengths = [10, 20, 30, 40];
        Assert.Single(LengthBuckets.Partition(lengths, maxTokens: 100_000, overheadTokens: 10_000));
    }
}
