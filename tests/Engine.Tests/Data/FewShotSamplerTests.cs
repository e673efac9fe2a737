using FedBpt.Engine.Data;
using FedBpt.Engine.Tasks;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Data;

public class FewShotSamplerTests
{
    private static readonly Lazy<IReadOnlyList<LabeledText>> Sst2Train =
        new(() => DatasetLoader.Load(TaskCatalog.Get("sst2"), "train", [SharedPaths.Data]));

    private static LabeledText[] Synthetic(params int[] labels) =>
        labels.Select((label, i) => new LabeledText($"example {i}", null, label)).ToArray();

    [Fact]
    public void Sst2With200ShotsGives400BalancedTrainAnd400Dev()
    {
        var split = FewShotSampler.Sample(Sst2Train.Value, kShot: 200, numClasses: 2, seed: 1234);
        Assert.Equal(400, split.Train.Count);
        Assert.Equal(400, split.Dev.Count);
        Assert.Equal(200, split.Train.Count(e => e.Label == 0));
        Assert.Equal(200, split.Dev.Count(e => e.Label == 1));
        Assert.Equal([200, 200], split.TrainClassCounts);
        Assert.Equal([200, 200], split.DevClassCounts);
        Assert.Empty(split.TrainIndices.Intersect(split.DevIndices));
        Assert.Equal(split.TrainIndices.Select(i => Sst2Train.Value[i]), split.Train);
    }

    [Fact]
    public void SameSeedSameDrawDifferentSeedDifferentDraw()
    {
        var a = FewShotSampler.Sample(Sst2Train.Value, 16, 2, seed: 7);
        var b = FewShotSampler.Sample(Sst2Train.Value, 16, 2, seed: 7);
        var c = FewShotSampler.Sample(Sst2Train.Value, 16, 2, seed: 8);
        Assert.Equal(a.TrainIndices, b.TrainIndices);
        Assert.Equal(a.DevIndices, b.DevIndices);
        Assert.NotEqual(a.TrainIndices, c.TrainIndices);
    }

    [Fact]
    public void NegativeShotsSplitEverything90To10()
    {
        var data = Synthetic(Enumerable.Range(0, 1005).Select(i => i % 3).ToArray());
        var (train, dev) = FewShotSampler.Sample(data, kShot: -1, numClasses: 3, seed: 1);
        Assert.Equal(904, train.Count); // int(1005 * 0.9)
        Assert.Equal(101, dev.Count);
        Assert.Equal(data.OrderBy(e => e.TextA), train.Concat(dev).OrderBy(e => e.TextA));
    }

    [Fact]
    public void ASmallClassGivesWhatItHasToTrainFirst()
    {
        // Class 1 has 3 examples: 2 go to train, 1 to dev; class 0 fills both.
        var data = Synthetic(0, 0, 0, 0, 0, 0, 1, 1, 1);
        var split = FewShotSampler.Sample(data, kShot: 2, numClasses: 2, seed: 3);
        Assert.Equal([2, 2], split.TrainClassCounts);
        Assert.Equal([2, 1], split.DevClassCounts);
    }

    [Fact]
    public void TheSeedsFirstExamplesOfEachClassGoToTrain()
    {
        // Whatever the shuffle, with k = 1 and two examples per class, every class lands once in each part.
        var data = Synthetic(0, 1, 2, 0, 1, 2);
        var split = FewShotSampler.Sample(data, kShot: 1, numClasses: 3, seed: 11);
        Assert.Equal([0, 1, 2], split.Train.Select(e => e.Label).Order());
        Assert.Equal([0, 1, 2], split.Dev.Select(e => e.Label).Order());
    }

    [Fact]
    public void LabelsOutsideTheClassesAreRejected() =>
        Assert.Throws<ArgumentException>(() => FewShotSampler.Sample(Synthetic(0, 2), 1, numClasses: 2, seed: 0));
}
