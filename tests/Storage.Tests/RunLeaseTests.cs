using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Storage.Tests.Infrastructure;

namespace FedBpt.Storage.Tests;

public class RunLeaseTests : DatabaseTest
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Of_two_workers_starting_at_once_exactly_one_wins()
    {
        var id = await CreateExperimentAsync();

        var outcomes = await Task.WhenAll(
            Task.Run(() => Store.TryStartAsync(id, "worker-a", Lease)),
            Task.Run(() => Store.TryStartAsync(id, "worker-b", Lease)));

        Assert.Single(outcomes, o => o == StartOutcome.Started);
        Assert.Single(outcomes, o => o == StartOutcome.LeaseHeldByOther);
        var winner = outcomes[0] == StartOutcome.Started ? "worker-a" : "worker-b";
        Assert.Equal(winner, (await Store.GetAsync(id))!.LeaseOwner);
    }

    [Fact]
    public async Task The_loser_takes_over_only_after_the_lease_expires()
    {
        var id = await CreateExperimentAsync();
        Assert.Equal(StartOutcome.Started, await Store.TryStartAsync(id, "worker-a", Lease, device: "cuda:0"));
        var startedUtc = (await Store.GetAsync(id))!.StartedUtc;

        Db.Time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(StartOutcome.LeaseHeldByOther, await Store.TryStartAsync(id, "worker-b", Lease));

        Db.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(StartOutcome.Started, await Store.TryStartAsync(id, "worker-b", Lease));

        var experiment = await Store.GetAsync(id);
        Assert.Equal("worker-b", experiment!.LeaseOwner);
        Assert.Equal(startedUtc, experiment.StartedUtc); // a resume keeps the original start
        Assert.Equal("cuda:0", experiment.Device); // and the device unless a new one is given
        Assert.False(await Store.RenewLeaseAsync(id, "worker-a", Lease)); // the old holder learns it lost
    }

    [Fact]
    public async Task Renewing_keeps_others_out()
    {
        var id = await CreateExperimentAsync();
        await Store.TryStartAsync(id, "worker-a", Lease);

        Db.Time.Advance(TimeSpan.FromMinutes(1.5));
        Assert.True(await Store.RenewLeaseAsync(id, "worker-a", Lease));
        Db.Time.Advance(TimeSpan.FromMinutes(1.5));

        Assert.Equal(StartOutcome.LeaseHeldByOther, await Store.TryStartAsync(id, "worker-b", Lease));
    }

    [Fact]
    public async Task The_holder_can_start_again_and_a_released_lease_is_free_at_once()
    {
        var id = await CreateExperimentAsync();
        await Store.TryStartAsync(id, "worker-a", Lease);

        Assert.Equal(StartOutcome.Started, await Store.TryStartAsync(id, "worker-a", Lease));
        await Store.ReleaseLeaseAsync(id, "worker-b"); // not the holder: no effect
        Assert.Equal(StartOutcome.LeaseHeldByOther, await Store.TryStartAsync(id, "worker-b", Lease));

        await Store.ReleaseLeaseAsync(id, "worker-a");

        Assert.Equal(ExperimentStatus.Running, (await Store.GetAsync(id))!.Status);
        Assert.Equal(StartOutcome.Started, await Store.TryStartAsync(id, "worker-b", Lease));
    }

    [Fact]
    public async Task A_finished_experiment_is_not_started_again()
    {
        var id = await CreateRunningAsync("worker-a");
        await Store.CompleteAsync(id, "worker-a");

        Assert.Equal(StartOutcome.AlreadyFinished, await Store.TryStartAsync(id, "worker-b", Lease));
        Assert.Equal(ExperimentStatus.Completed, (await Store.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task Experiments_left_running_are_found_for_resume()
    {
        var running = await CreateRunningAsync("worker-a");
        var pending = await CreateExperimentAsync();
        var cancelled = await CreateRunningAsync("worker-a");
        await Store.CancelAsync(cancelled);

        var found = await Store.ListRunningAsync();

        Assert.Equal([running], found.Select(e => e.Id));
        Assert.DoesNotContain(pending, found.Select(e => e.Id));
    }
}
