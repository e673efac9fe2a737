using FedBpt.Storage.Datasets;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Tests.Infrastructure;

namespace FedBpt.Storage.Tests;

/// <summary>
/// An uploaded dataset and the experiments on it: the check and the write are one transaction on each side, so
/// a delete racing a create cannot both succeed (issue #15, item 7).
/// </summary>
public class DatasetUseTests : DatabaseTest
{
    private static NewDataset Upload(string name) => new()
    {
        Name = name,
        FileName = "train.tsv",
        Format = DatasetFormat.Tsv,
        Content = "sentence\tlabel\ngreat film\t1\n"u8.ToArray(),
        DefinitionJson = "{}",
        Rows = 1,
    };

    private static Experiments.ExperimentInsert On(string dataset) =>
        Samples.Experiment("on " + dataset) with { Task = dataset, RequiredDataset = dataset };

    [Fact]
    public async Task An_experiment_on_a_dataset_deleted_after_it_was_validated_is_not_stored()
    {
        await Db.Datasets.AddAsync(Upload("reviews"));
        // The request was validated while the dataset existed; then it was deleted, before the insert.
        Assert.True(await Db.Datasets.DeleteAsync("reviews"));

        var error = await Assert.ThrowsAsync<DatasetNotFoundException>(() => Store.CreateAsync(On("reviews")));
        Assert.Equal("reviews", error.Name);
        Assert.Equal(0, (await Store.ListAsync()).TotalCount);
    }

    [Fact]
    public async Task A_dataset_a_pending_or_running_experiment_uses_is_not_deleted()
    {
        await Db.Datasets.AddAsync(Upload("reviews"));
        var pending = await Store.CreateAsync(On("reviews"));
        var running = await Store.CreateAsync(On("reviews"));
        await Store.TryStartAsync(running, "worker", TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<DatasetInUseException>(() => Db.Datasets.DeleteAsync("reviews"));
        Assert.Equal([pending, running], error.ExperimentIds);
        Assert.NotNull(await Db.Datasets.GetAsync("reviews"));

        await Store.CancelAsync(pending);
        await Store.CancelAsync(running);
        Assert.True(await Db.Datasets.DeleteAsync("reviews"));
    }

    [Fact]
    public async Task Racing_creates_and_deletes_never_both_succeed()
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var name = $"race-{attempt}";
            await Db.Datasets.AddAsync(Upload(name));
            var create = Task.Run(async () =>
            {
                try
                {
                    await Store.CreateAsync(On(name));
                    return true;
                }
                catch (DatasetNotFoundException)
                {
                    return false;
                }
            });
            var delete = Task.Run(async () =>
            {
                try
                {
                    return await Db.Datasets.DeleteAsync(name);
                }
                catch (DatasetInUseException)
                {
                    return false;
                }
            });
            var (created, deleted) = (await create, await delete);
            Assert.True(created != deleted, $"attempt {attempt}: created {created}, deleted {deleted}");
        }
    }

    [Fact]
    public async Task Built_in_tasks_need_no_dataset()
    {
        var id = await Store.CreateAsync(Samples.Experiment());
        Assert.NotNull(await Store.GetAsync(id));
    }
}
