using FedBpt.Engine.Data;
using FedBpt.Engine.Tasks;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Data;

public sealed class DatasetLoaderTests : IDisposable
{
    private static readonly string[] SharedRoot = [SharedPaths.Data];
    private readonly string _root = Directory.CreateTempSubdirectory("fedbpt-data-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void WriteSplit(string task, string split, string content)
    {
        Directory.CreateDirectory(Path.Combine(_root, task));
        File.WriteAllText(Path.Combine(_root, task, split + ".tsv"), content);
    }

    // Row and label counts from each shared/data/*/SOURCE.md.
    [Theory]
    [InlineData("sst2", "dev", 872, new[] { 428, 444 })]
    [InlineData("sst2", "train", 67349, new[] { 29780, 37569 })]
    [InlineData("agnews", "train", 2000, new[] { 477, 338, 408, 777 })]
    [InlineData("agnews", "test", 7600, new[] { 1900, 1900, 1900, 1900 })]
    [InlineData("mrpc", "dev", 408, new[] { 129, 279 })]
    [InlineData("rte", "dev", 277, new[] { 146, 131 })]
    [InlineData("rte", "train", 2490, new[] { 1249, 1241 })]
    [InlineData("snli", "test", 9824, new[] { 3368, 3219, 3237 })]
    public void SharedSplitsLoadWithTheDocumentedCounts(string name, string split, int rows, int[] labelCounts)
    {
        var examples = DatasetLoader.Load(TaskCatalog.Get(name), split, SharedRoot);
        Assert.Equal(rows, examples.Count);
        Assert.Equal(labelCounts, Enumerable.Range(0, labelCounts.Length).Select(c => examples.Count(e => e.Label == c)));
    }

    [Fact]
    public void PairTasksCarryBothTexts()
    {
        var first = DatasetLoader.Load(TaskCatalog.Get("snli"), "test", SharedRoot)[0];
        Assert.Equal(new LabeledText(
            "This church choir sings to the masses as they sing joyous songs from the book at a church.",
            "The church has cracks in the ceiling.", 1), first);
    }

    [Fact]
    public void MissingSplitListsTheSearchedPathsAndTheAvailableSplits()
    {
        var error = Assert.Throws<FileNotFoundException>(() => DatasetLoader.Load(TaskCatalog.Get("snli"), "train", [_root, SharedPaths.Data]));
        Assert.Contains(Path.Combine(_root, "snli", "train.tsv"), error.Message);
        Assert.Contains(Path.Combine(SharedPaths.Data, "snli", "train.tsv"), error.Message);
        Assert.Contains("Available splits: dev, test", error.Message);
    }

    [Fact]
    public void TheFirstRootThatHasTheSplitWins()
    {
        WriteSplit("sst2", "dev", "sentence\tlabel\nonly row \t1\n");
        Assert.Single(DatasetLoader.Load(TaskCatalog.Get("sst2"), "dev", [_root, SharedPaths.Data]));
        Assert.Equal(872, DatasetLoader.Load(TaskCatalog.Get("sst2"), "dev", [SharedPaths.Data, _root]).Count);
        Assert.Equal(872, DatasetLoader.Load(TaskCatalog.Get("sst2"), "dev", [Path.Combine(_root, "absent"), SharedPaths.Data]).Count);
    }

    [Fact]
    public void UnknownLabelNamesFileLineAndValue()
    {
        WriteSplit("rte", "dev", "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n1\tc\td\tcontradiction\n");
        var error = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(TaskCatalog.Get("rte"), "dev", [_root]));
        Assert.Contains(Path.Combine(_root, "rte", "dev.tsv"), error.Message);
        Assert.Contains("line 3", error.Message);
        Assert.Contains("'contradiction'", error.Message);
    }

    [Fact]
    public void MissingColumnAndEmptySplitAreErrors()
    {
        WriteSplit("sst2", "dev", "text\tlabel\nx\t0\n");
        Assert.Contains("no column 'sentence'", Assert.Throws<DataFormatException>(() => DatasetLoader.Load(TaskCatalog.Get("sst2"), "dev", [_root])).Message);

        WriteSplit("sst2", "train", "sentence\tlabel\n");
        Assert.Contains("no data rows", Assert.Throws<DataFormatException>(() => DatasetLoader.Load(TaskCatalog.Get("sst2"), "train", [_root])).Message);
    }

    [Fact]
    public void AvailableSplitsUnitesTheRoots()
    {
        WriteSplit("sst2", "extra", "sentence\tlabel\nx\t0\n");
        Assert.Equal(["dev", "extra", "train"], DatasetLoader.AvailableSplits(TaskCatalog.Get("sst2"), [_root, SharedPaths.Data]));
        Assert.Empty(DatasetLoader.AvailableSplits(TaskCatalog.Get("yelpp"), [_root, SharedPaths.Data]));
    }

    [Fact]
    public void SummaryCountsRowsAndLabelsPerSplit()
    {
        var summaries = DatasetLoader.Summarize(TaskCatalog.Get("rte"), SharedRoot);
        Assert.Equal(["dev", "train"], summaries.Select(s => s.Split));
        var dev = summaries[0];
        Assert.Equal("rte", dev.Task);
        Assert.Equal(277, dev.Rows);
        Assert.Equal([146, 131], dev.LabelCounts);
        Assert.Equal(Path.Combine(SharedPaths.Data, "rte", "dev.tsv"), dev.Path);
    }
}
