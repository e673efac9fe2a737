using FedBpt.Engine.Data;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Tasks;
using FedBpt.Engine.Tests.Federation;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Experiments;

public sealed class PreparedExperimentTests(FederationFixture fx) : IClassFixture<FederationFixture>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fedbpt-prepared-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void TooLongTrainingExamplesAreDroppedBeforeSamplingSoEachClassKeepsItsKShots()
    {
        // Every third row is far over the tiny model's 256 positions; the reference drops such rows when it loads the
        // data, then samples k per class from the rest.
        string longText = string.Join(' ', Enumerable.Repeat("wonderful", 400));
        var rows = Enumerable.Range(0, 60).Select(i => $"{(i % 3 == 0 ? longText : $"a fine film number {i}")}\t{i % 2}");
        WriteSst2(["sentence\tlabel", .. rows]);
        var spec = FederationFixture.SmallSpec with { KShot = 6 };

        using var prepared = PreparedExperiment.Prepare(spec, fx.Assets, TaskCatalog.Get("sst2"), [_root]);

        var examples = prepared.Clients.SelectMany(c => c.Examples).ToArray();
        Assert.Equal([6, 6], prepared.LabelCounts.ClassTotals);
        Assert.Equal(12, examples.Length);
        Assert.All(examples, e => Assert.True(e.InputIds.Length <= fx.Assets.Model.Config.MaxSequenceLength));
    }

    [Fact]
    public void TextsAreUsedAsTheDatasetHasThemUnlessTrimTextIsSet()
    {
        var spec = FederationFixture.SmallSpec;
        using var raw = fx.Prepare(spec);
        using var trimmed = fx.Prepare(spec with { TrimText = true });

        // Same draw; SST-2's trailing space is one more token before " . It was <mask> ." in every example.
        var a = raw.Clients.SelectMany(c => c.Examples).ToArray();
        var b = trimmed.Clients.SelectMany(c => c.Examples).ToArray();
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i].InputIds.Length + 1, a[i].InputIds.Length);

        // Trimmed, the raw GLUE sentence gives the parity fixture's (trimmed) input.
        string firstDev = File.ReadLines(Path.Combine(SharedPaths.Data, "sst2", "dev.tsv")).Skip(1).First().Split('\t')[0];
        var manual = TaskScoring.Manual(false, trimText: true, fx.Assets, TaskCatalog.Get("sst2"), 16384);
        Assert.Equal(ParityFixture.Load().Cases[0].IdsPlain, manual.EncodeAll([new LabeledText(firstDev, null, 1)]).Examples[0].InputIds);
    }

    [Fact]
    public void F1IsComputedForTheTasksPositiveClass()
    {
        var sst2 = TaskCatalog.Get("sst2");
        var task = new TaskDefinition
        {
            Name = "sst2", Template = sst2.Template, LabelWords = sst2.LabelWords, TrainSplit = "train", TestSplit = "dev",
            TextAColumn = "sentence", LabelColumn = "label", LabelValues = sst2.LabelValues,
            Metric = TaskMetric.F1, PositiveClass = 0,
        };
        var spec = FederationFixture.SmallSpec with { Algorithm = Algorithms.Manual };
        using var prepared = PreparedExperiment.Prepare(spec, fx.Assets, task, [fx.DataRoot]);

        var summary = new FederatedSimulator(prepared, []).Run();

        var labels = DatasetLoader.Load(task, "dev", [fx.DataRoot]).Select(t => t.Label).ToArray();
        var predicted = prepared.ZeroShotScorer.Logits(null, prepared.ZeroShotTest).Select(l => l[1] > l[0] ? 1 : 0).ToArray();
        double F1Of(int positive)
        {
            int tp = labels.Zip(predicted).Count(p => p.First == positive && p.Second == positive);
            int fp = labels.Zip(predicted).Count(p => p.First != positive && p.Second == positive);
            int fn = labels.Zip(predicted).Count(p => p.First == positive && p.Second != positive);
            return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        Assert.NotEqual(F1Of(1), F1Of(0), 6);
        Assert.Equal(F1Of(0), summary.ZeroShotAccuracy, 12);
    }

    private void WriteSst2(string[] trainLines)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "sst2")).FullName;
        File.WriteAllLines(Path.Combine(folder, "train.tsv"), trainLines);
        File.Copy(Path.Combine(fx.DataRoot, "sst2", "dev.tsv"), Path.Combine(folder, "dev.tsv"));
    }
}
