using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Notifications;

namespace FedBpt.Web.Tests.Notifications;

public sealed class RunStateChangesTests
{
    private static Dictionary<int, RunState> Before(params RunState[] runs) => runs.ToDictionary(r => r.Id);

    private static string[] Events(Dictionary<int, RunState> before, params RunState[] now) =>
        RunStateChanges.Between(before, now).Select(e => $"{e.ExperimentId}:{e.Kind}:{e.Status?.ToString() ?? "-"}").ToArray();

    [Fact]
    public void Nothing_changed_means_no_events()
    {
        var runs = new[] { new RunState(1, ExperimentStatus.Running, 3), new RunState(2, ExperimentStatus.Completed, 5) };
        Assert.Empty(Events(Before(runs), runs));
    }

    [Fact]
    public void A_new_run_is_created_and_if_already_past_pending_also_says_where_it_is()
    {
        Assert.Equal(["4:Created:Pending"], Events(Before(), new RunState(4, ExperimentStatus.Pending, 0)));
        Assert.Equal(["4:Created:Running", "4:Started:Running"], Events(Before(), new RunState(4, ExperimentStatus.Running, 1)));
    }

    [Fact]
    public void Rounds_recorded_between_two_readings_are_one_signal_and_a_status_change_follows_it()
    {
        var before = Before(new RunState(1, ExperimentStatus.Running, 2));
        Assert.Equal(["1:RoundCompleted:Running"], Events(before, new RunState(1, ExperimentStatus.Running, 5)));
        Assert.Equal(["1:RoundCompleted:Completed", "1:Completed:Completed"], Events(before, new RunState(1, ExperimentStatus.Completed, 6)));
    }

    [Theory]
    [InlineData(ExperimentStatus.Pending, ExperimentStatus.Running, "Started")]
    [InlineData(ExperimentStatus.Running, ExperimentStatus.Failed, "Failed")]
    [InlineData(ExperimentStatus.Running, ExperimentStatus.Cancelled, "Cancelled")]
    [InlineData(ExperimentStatus.Pending, ExperimentStatus.Cancelled, "Cancelled")]
    [InlineData(ExperimentStatus.Failed, ExperimentStatus.Pending, "Created")]
    public void A_status_change_is_the_event_of_the_new_status(ExperimentStatus from, ExperimentStatus to, string kind)
    {
        Assert.Equal([$"1:{kind}:{to}"], Events(Before(new RunState(1, from, 0)), new RunState(1, to, 0)));
    }

    [Fact]
    public void A_run_that_is_gone_was_deleted()
    {
        var before = Before(new RunState(1, ExperimentStatus.Completed, 2), new RunState(2, ExperimentStatus.Failed, 0));
        Assert.Equal(["2:Deleted:-"], Events(before, new RunState(1, ExperimentStatus.Completed, 2)));
    }
}
