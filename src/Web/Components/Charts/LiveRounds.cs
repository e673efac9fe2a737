using FedBpt.Storage.Entities;
using FedBpt.Web.Notifications;

namespace FedBpt.Web.Components.Charts;

/// <summary>What <see cref="LiveRounds.Apply"/> did with a live round.</summary>
public enum LiveRoundOutcome
{
    /// <summary>The next round: appended.</summary>
    Appended,
    /// <summary>A round already held (a repeated event, or one the database read already returned): ignored.</summary>
    Duplicate,
    /// <summary>Rounds are missing before it (missed events, a reconnect): the caller must catch up from the store.</summary>
    Gap,
}

/// <summary>
/// The rounds a page holds for one run, keyed by round so that nothing is ever held twice, whatever the order in
/// which live events and database reads arrive. Not thread-safe: a component touches it only on its dispatcher.
/// </summary>
public sealed class LiveRounds
{
    private readonly SortedList<int, RoundPoint> _points = [];
    private RoundPoint[]? _snapshot;

    /// <summary>The rounds in order (a snapshot: a new list after each change, so charts see a changed parameter).</summary>
    public IReadOnlyList<RoundPoint> Points => _snapshot ??= [.. _points.Values];

    public int Count => _points.Count;

    /// <summary>The newest round held; -1 when none.</summary>
    public int LastRound => _points.Count == 0 ? -1 : _points.Keys[^1];

    public RoundPoint? Last => _points.Count == 0 ? null : _points.Values[^1];

    /// <summary>
    /// Where a read of the store has to start to fill in everything this page lacks: the first round known only
    /// from an event, else the round after the last one held.
    /// </summary>
    public int NextRoundToRead
    {
        get
        {
            foreach (var point in _points.Values)
            {
                if (!point.IsComplete) return point.Round;
            }
            return LastRound + 1;
        }
    }

    /// <summary>Takes a round pushed by the job: appended only if it is the next one, so a gap is never papered over.</summary>
    public LiveRoundOutcome Apply(RoundUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (_points.ContainsKey(update.Round) || update.Round <= LastRound) return LiveRoundOutcome.Duplicate;
        if (update.Round != LastRound + 1) return LiveRoundOutcome.Gap;
        _points.Add(update.Round, RoundPoint.From(update));
        _snapshot = null;
        return LiveRoundOutcome.Appended;
    }

    /// <summary>Takes rounds read from the store; they replace what events gave for the same rounds. Returns how many were new.</summary>
    public int Merge(IEnumerable<RoundMetric> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        int added = 0;
        foreach (var round in rounds)
        {
            if (!_points.ContainsKey(round.Round)) added++;
            _points[round.Round] = RoundPoint.From(round);
            _snapshot = null;
        }
        return added;
    }

    public void Clear()
    {
        _points.Clear();
        _snapshot = null;
    }
}
