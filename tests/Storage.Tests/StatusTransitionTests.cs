using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Storage.Tests.Infrastructure;

namespace FedBpt.Storage.Tests;

public class StatusTransitionTests : DatabaseTest
{
    private const string Owner = "worker-1";

    public static TheoryData<ExperimentStatus, ExperimentStatus> AllPairs()
    {
        var data = new TheoryData<ExperimentStatus, ExperimentStatus>();
        foreach (var from in Enum.GetValues<ExperimentStatus>())
        foreach (var to in Enum.GetValues<ExperimentStatus>().Where(s => s != ExperimentStatus.Pending))
            data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public async Task The_store_allows_exactly_the_transitions_in_the_table(ExperimentStatus from, ExperimentStatus to)
    {
        var id = await CreateInStatusAsync(from);
        var allowed = ExperimentStatusTransitions.IsAllowed(from, to);

        var moved = await TryMoveAsync(id, to);

        Assert.Equal(allowed, moved);
        var expected = allowed || from == to ? to : from;
        Assert.Equal(expected, (await Store.GetAsync(id))!.Status);
    }

    [Fact]
    public void The_legal_transitions_are_exactly_these()
    {
        var statuses = Enum.GetValues<ExperimentStatus>();
        var legal = from f in statuses from t in statuses where ExperimentStatusTransitions.IsAllowed(f, t) select $"{f}->{t}";

        Assert.Equal(
            [
                "Pending->Running", "Pending->Failed", "Pending->Cancelled",
                "Running->Running", "Running->Completed", "Running->Failed", "Running->Cancelled",
            ],
            legal);
    }

    [Fact]
    public void Only_the_end_states_are_final()
    {
        Assert.Equal(
            [ExperimentStatus.Completed, ExperimentStatus.Failed, ExperimentStatus.Cancelled],
            Enum.GetValues<ExperimentStatus>().Where(ExperimentStatusTransitions.IsFinal));
    }

    [Fact]
    public async Task Repeating_a_final_transition_is_a_no_op_that_returns_false()
    {
        var id = await CreateRunningAsync(Owner);
        Assert.True(await Store.CancelAsync(id));
        Assert.False(await Store.CancelAsync(id));

        var failed = await CreateRunningAsync(Owner);
        Assert.True(await Store.FailAsync(failed, "CUDA out of memory"));
        Assert.False(await Store.FailAsync(failed, "again"));
        Assert.Equal("CUDA out of memory", (await Store.GetAsync(failed))!.Error);
    }

    [Fact]
    public async Task Only_the_lease_holder_can_complete_a_run()
    {
        var id = await CreateRunningAsync(Owner);

        var error = await Assert.ThrowsAsync<ExperimentStateException>(() => Store.CompleteAsync(id, "worker-2"));

        Assert.Contains("lease is held by another worker", error.Message, StringComparison.Ordinal);
        Assert.True(await Store.CompleteAsync(id, Owner));
        Assert.False(await Store.CompleteAsync(id, Owner)); // a duplicate delivery finishing again
    }

    [Fact]
    public async Task Ending_a_run_stamps_the_time_and_frees_the_lease()
    {
        var id = await CreateRunningAsync(Owner);
        Db.Time.Advance(TimeSpan.FromMinutes(3));

        await Store.FailAsync(id, new string('x', 20_000));

        var experiment = await Store.GetAsync(id);
        Assert.Equal(Db.Time.GetUtcNow().UtcDateTime, experiment!.FinishedUtc);
        Assert.Null(experiment.LeaseOwner);
        Assert.Null(experiment.LeaseExpiresUtc);
        Assert.Equal(Data.FieldLengths.Error, experiment.Error!.Length); // a stack trace is cut, not rejected
    }

    [Fact]
    public async Task Unknown_experiments_are_reported_as_not_found()
    {
        await Assert.ThrowsAsync<ExperimentNotFoundException>(() => Store.CancelAsync(404));
        await Assert.ThrowsAsync<ExperimentNotFoundException>(() => Store.FailAsync(404, "x"));
        await Assert.ThrowsAsync<ExperimentNotFoundException>(() => Store.CompleteAsync(404, Owner));
        await Assert.ThrowsAsync<ExperimentNotFoundException>(() => Store.TryStartAsync(404, Owner, TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<ExperimentNotFoundException>(() => Store.SetHangfireJobIdAsync(404, "17"));
    }

    private async Task<int> CreateInStatusAsync(ExperimentStatus status)
    {
        if (status == ExperimentStatus.Pending) return await CreateExperimentAsync();
        var id = await CreateRunningAsync(Owner);
        switch (status)
        {
            case ExperimentStatus.Completed: await Store.CompleteAsync(id, Owner); break;
            case ExperimentStatus.Failed: await Store.FailAsync(id, "boom"); break;
            case ExperimentStatus.Cancelled: await Store.CancelAsync(id); break;
        }
        return id;
    }

    /// <summary>True when the store made the move; false when it refused it (or it was a repeat).</summary>
    private async Task<bool> TryMoveAsync(int id, ExperimentStatus to)
    {
        try
        {
            return to switch
            {
                ExperimentStatus.Running => await Store.TryStartAsync(id, Owner, TimeSpan.FromMinutes(1)) == StartOutcome.Started,
                ExperimentStatus.Completed => await Store.CompleteAsync(id, Owner),
                ExperimentStatus.Failed => await Store.FailAsync(id, "boom"),
                ExperimentStatus.Cancelled => await Store.CancelAsync(id),
                _ => throw new ArgumentOutOfRangeException(nameof(to)),
            };
        }
        catch (ExperimentStateException)
        {
            return false;
        }
    }
}
