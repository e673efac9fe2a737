using FedBpt.Storage.Entities;
using FedBpt.Storage.Tests.Infrastructure;

namespace FedBpt.Storage.Tests;

public class ListExperimentsTests : DatabaseTest
{
    [Fact]
    public async Task Experiments_are_listed_newest_first_with_paging_and_a_total()
    {
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateExperimentAsync($"run {i}"));
            Db.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await Store.ListAsync(skip: 0, take: 2);
        var second = await Store.ListAsync(skip: 2, take: 2);

        Assert.Equal(5, first.TotalCount);
        Assert.Equal([ids[4], ids[3]], first.Items.Select(e => e.Id));
        Assert.Equal([ids[2], ids[1]], second.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task The_list_filters_by_status_and_reports_progress()
    {
        var running = await CreateRunningAsync(numRounds: 4);
        await Store.RecordRoundAsync(running, Samples.Round(0, accuracy: 0.7));
        await CreateExperimentAsync();

        var page = await Store.ListAsync(status: ExperimentStatus.Running);

        var row = Assert.Single(page.Items);
        Assert.Equal(1, page.TotalCount);
        Assert.Equal((running, 1, 0.25, 0.7), (row.Id, row.RoundsCompleted, row.Progress, row.BestAccuracy!.Value));
        Assert.Equal(("sst2", "tiny-roberta-mlm", "fedbpt", 3, 4, false, 42L),
            (row.Task, row.Model, row.Algorithm, row.NumClients, row.NumRounds, row.Iid, row.Seed));
    }

    [Fact]
    public async Task A_created_experiment_keeps_its_spec_and_starts_pending()
    {
        var spec = Samples.Experiment();
        var id = await Store.CreateAsync(spec);

        var stored = await Store.GetAsync(id);

        Assert.Equal(spec.SpecJson, stored!.SpecJson);
        Assert.Equal(ExperimentStatus.Pending, stored.Status);
        Assert.Equal(Db.Time.GetUtcNow().UtcDateTime, stored.CreatedUtc);
        Assert.Null(stored.StartedUtc);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"unterminated\":")]
    public async Task A_spec_that_is_not_a_JSON_object_is_rejected_and_nothing_is_stored(string specJson)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Store.CreateAsync(Samples.Experiment() with { SpecJson = specJson }));

        Assert.Contains("SpecJson", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Store.ListAsync()).TotalCount);
    }

    [Fact]
    public async Task Out_of_range_settings_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.CreateAsync(Samples.Experiment() with { NumRounds = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.CreateAsync(Samples.Experiment() with { NumClients = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(Samples.Experiment() with { Name = " " }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(Samples.Experiment() with { Name = new string('n', 201) }));
    }

    [Fact]
    public async Task Run_details_known_later_are_stored()
    {
        var id = await CreateExperimentAsync();

        await Store.SetHangfireJobIdAsync(id, "42");
        await Store.SetLabelDistributionAsync(id, "[[10,0],[0,10]]");
        await Store.SetZeroShotAccuracyAsync(id, 0.51);

        var stored = await Store.GetAsync(id);
        Assert.Equal(("42", "[[10,0],[0,10]]", 0.51), (stored!.HangfireJobId, stored.LabelDistributionJson, stored.ZeroShotAccuracy!.Value));
    }
}
