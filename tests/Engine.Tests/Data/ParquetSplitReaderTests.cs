using FedBpt.Engine.Data;
using FedBpt.Engine.Tasks;
using FedBpt.Tests.Common.Hub;

namespace FedBpt.Engine.Tests.Data;

/// <summary>Parquet files as the Hub writes them, read into a task's examples.</summary>
public sealed class ParquetSplitReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbpt-parquet-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Integer_labels_map_by_class_name_from_the_metadata_when_the_task_lists_names()
    {
        // RTE on the Hub: label 0/1 with names entailment/not_entailment; the task lists the names (as its TSV has them).
        var path = Write("rte.parquet", ParquetFixtures.Write(
            [("sentence1", ["A man sleeps.", " Padded "]), ("sentence2", ["Someone sleeps.", "x"])],
            "label", [1, 0], ["entailment", "not_entailment"]));

        var examples = DatasetLoader.Read(TaskCatalog.Get("rte"), path);

        Assert.Equal([new LabeledText("A man sleeps.", "Someone sleeps.", 1), new LabeledText(" Padded ", "x", 0)], examples);
    }

    [Fact]
    public void Rows_without_a_label_are_dropped_and_a_split_of_only_those_is_an_error()
    {
        var some = Write("some.parquet", ParquetFixtures.Sst2([("kept", 1), ("hidden", -1), ("also kept", 0)]));
        var none = Write("none.parquet", ParquetFixtures.Sst2([("hidden", -1), ("hidden too", -1)]));
        var sst2 = TaskCatalog.Get("sst2");

        Assert.Equal([new LabeledText("kept", null, 1), new LabeledText("also kept", null, 0)], DatasetLoader.Read(sst2, some));
        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Read(sst2, none));
        Assert.Contains("label -1", e.Message);
    }

    [Fact]
    public void A_missing_column_or_an_unknown_label_is_named()
    {
        var path = Write("x.parquet", ParquetFixtures.Write([("text", ["a"])], "label", [7], null));

        var column = Assert.Throws<DataFormatException>(() => DatasetLoader.Read(TaskCatalog.Get("sst2"), path));
        var label = Assert.Throws<DataFormatException>(() => DatasetLoader.Read(TaskCatalog.Get("agnews"), path));

        Assert.Contains("no column 'sentence'", column.Message);
        Assert.Contains("text, label", column.Message);
        Assert.Contains("row 1: the label 7", label.Message);
    }

    [Fact]
    public void A_file_that_is_not_parquet_is_a_data_error()
    {
        var path = Write("broken.parquet", "sentence\tlabel\nnope\t1\n"u8.ToArray());

        Assert.Throws<DataFormatException>(() => DatasetLoader.Read(TaskCatalog.Get("sst2"), path));
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
