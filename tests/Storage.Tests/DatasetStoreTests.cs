using FedBpt.Storage.Datasets;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Tests.Infrastructure;

namespace FedBpt.Storage.Tests;

public class DatasetStoreTests : DatabaseTest
{
    private static NewDataset Upload(string name = "my-sst") => new()
    {
        Name = name,
        FileName = "train.tsv",
        Format = DatasetFormat.Tsv,
        Content = "sentence\tlabel\ngreat film\t1\n"u8.ToArray(),
        DefinitionJson = """{"template":"{sentence} . It was <mask> .","labels":{"0":"bad","1":"great"}}""",
        Rows = 1,
    };

    [Fact]
    public async Task A_dataset_round_trips_and_is_listed_without_its_content()
    {
        var upload = Upload();
        await Db.Datasets.AddAsync(upload);

        var stored = await Db.Datasets.GetAsync("my-sst");
        var listed = Assert.Single(await Db.Datasets.ListAsync());

        Assert.Equal(upload.Content, stored!.Content);
        Assert.Equal((DatasetFormat.Tsv, upload.DefinitionJson), (stored.Format, stored.DefinitionJson));
        Assert.Equal(("my-sst", upload.Content.Length, DateTimeKind.Utc), (listed.Name, (int)listed.SizeBytes, listed.CreatedUtc.Kind));
    }

    [Fact]
    public async Task Names_are_unique()
    {
        await Db.Datasets.AddAsync(Upload());

        var error = await Assert.ThrowsAsync<DuplicateDatasetException>(() => Db.Datasets.AddAsync(Upload()));

        Assert.Equal("my-sst", error.Name);
        Assert.Single(await Db.Datasets.ListAsync());
    }

    [Fact]
    public async Task Bad_uploads_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Db.Datasets.AddAsync(Upload() with { Content = [] }));
        await Assert.ThrowsAsync<ArgumentException>(() => Db.Datasets.AddAsync(Upload() with { DefinitionJson = "template" }));
        Assert.Empty(await Db.Datasets.ListAsync());
    }

    [Fact]
    public async Task Delete_reports_whether_there_was_a_dataset()
    {
        await Db.Datasets.AddAsync(Upload());

        Assert.True(await Db.Datasets.DeleteAsync("my-sst"));
        Assert.False(await Db.Datasets.DeleteAsync("my-sst"));
        Assert.Null(await Db.Datasets.GetAsync("my-sst"));
    }
}
