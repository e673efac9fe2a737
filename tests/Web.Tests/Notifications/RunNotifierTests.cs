using FedBpt.Storage.Entities;
using FedBpt.Web.Notifications;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedBpt.Web.Tests.Notifications;

public sealed class RunNotifierTests
{
    private readonly RunNotifier _notifier = new(NullLogger<RunNotifier>.Instance);

    private static RunEvent Event(int id) => new(id, RunEventKind.RoundCompleted, ExperimentStatus.Running);

    [Fact]
    public void A_subscriber_gets_its_experiments_events_and_the_list_gets_all()
    {
        var one = new List<int>();
        var all = new List<int>();
        using var a = _notifier.Subscribe(1, e => one.Add(e.ExperimentId));
        using var b = _notifier.SubscribeAll(e => all.Add(e.ExperimentId));

        _notifier.Publish(Event(1));
        _notifier.Publish(Event(2));

        Assert.Equal([1], one);
        Assert.Equal([1, 2], all);
    }

    [Fact]
    public void Disposing_a_subscription_stops_its_events_and_only_its()
    {
        var first = 0;
        var second = 0;
        var subscription = _notifier.Subscribe(7, _ => first++);
        using var other = _notifier.Subscribe(7, _ => second++);

        subscription.Dispose();
        subscription.Dispose();
        _notifier.Publish(Event(7));

        Assert.Equal((0, 1), (first, second));
    }

    [Fact]
    public void A_failing_handler_does_not_stop_the_others()
    {
        var delivered = 0;
        using var failing = _notifier.Subscribe(3, _ => throw new InvalidOperationException("page gone"));
        using var working = _notifier.SubscribeAll(_ => delivered++);

        _notifier.Publish(Event(3));

        Assert.Equal(1, delivered);
    }
}
