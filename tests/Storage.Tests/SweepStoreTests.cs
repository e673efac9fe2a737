using FedBpt.Storage.Data;
using FedBpt.Storage.Sweeps;
using FedBpt.Storage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FedBpt.Storage.Tests;

public class SweepStoreTests : DatabaseTest
{
    private SweepStore Sweeps => new(Db.Factory, Store, Db.Time);

    private static NewSweep Sweep(params long[] seeds) => new()
    {
        Name = "sigma sweep",
        BaseSpecJson = """{"task":"sst2"}""",
        AxesJson = """{"seed":[1,2,3]}""",
        Points = seeds.Select(s => Samples.Experiment($"sigma sweep · seed={s}") with { Seed = s, Queue = "cpu" }).ToArray(),
    };

    [Fact]
    public async Task A_sweep_stores_one_run_per_point_in_grid_order_tagged_with_its_id()
    {
        var (sweepId, ids) = await Sweeps.CreateAsync(Sweep(1, 2, 3));

        var sweep = await Sweeps.GetAsync(sweepId);
        Assert.NotNull(sweep);
        Assert.Equal("sigma sweep", sweep.Name);
        Assert.Equal(ids, sweep.Runs.Select(r => r.Id));
        Assert.Equal([1L, 2L, 3L], sweep.Runs.Select(r => r.Seed));
        Assert.All(sweep.Runs, r => Assert.Equal((sweepId, "cpu"), (r.SweepId!.Value, r.Queue)));
        Assert.Equal(3, Assert.Single(await Sweeps.ListAsync()).Runs);
    }

    [Fact]
    public async Task A_bad_point_stores_nothing_of_the_sweep()
    {
        var bad = Sweep(1, 2) with { };
        bad = bad with { Points = [bad.Points[0], bad.Points[1] with { Queue = new string('q', FieldLengths.Queue + 1) }] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Sweeps.CreateAsync(bad));

        Assert.Contains("Queue", error.Message, StringComparison.Ordinal);
        await using var db = Db.NewContext();
        Assert.Equal(0, await db.Sweeps.CountAsync());
        Assert.Equal(0, await db.Experiments.CountAsync());
    }

    [Fact]
    public async Task Deleting_a_run_keeps_the_sweep_and_its_other_runs()
    {
        var (sweepId, ids) = await Sweeps.CreateAsync(Sweep(1, 2));

        Assert.True(await Store.DeleteAsync(ids[0]));

        Assert.Equal([ids[1]], (await Sweeps.GetAsync(sweepId))!.Runs.Select(r => r.Id));
    }
}
