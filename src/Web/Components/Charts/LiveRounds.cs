using FedBpt.Engine.Federation;

namespace FedBpt.Web.Components.Charts;

/// <summary>
/// The rounds a page holds for one run, as read from the store and keyed by round: reading a round twice (a signal
/// racing the first read, a reconnect) holds it once. Pages only ever add what <see cref="NextRound"/> asks the store
/// for, so the store is the one source, whichever process wrote the rounds. Not thread-safe: a component touches it
/// only on its dispatcher.
/// </summary>
public sealed class LiveRounds
{
    private readonly SortedList<int, RoundRecord> _rounds = [];
    private RoundRecord[]? _snapshot;

    /// <summary>The rounds in order (a snapshot: a new list after each change, so charts see a changed parameter).</summary>
    public IReadOnlyList<RoundRecord> Points => _snapshot ??= [.. _rounds.Values];

    public int Count => _rounds.Count;

    /// <summary>The newest round held; -1 when none.</summary>
    public int LastRound => _rounds.Count == 0 ? -1 : _rounds.Keys[^1];

    public RoundRecord? Last => _rounds.Count == 0 ? null : _rounds.Values[^1];

    /// <summary>The first round the page lacks: where the next read of the store starts.</summary>
    public int NextRound => LastRound + 1;

    /// <summary>The round held with that number, or null.</summary>
    public RoundRecord? At(int round) => _rounds.GetValueOrDefault(round);

    /// <summary>Takes rounds read from the store, idempotently by round. Returns how many were new.</summary>
    public int Merge(IEnumerable<RoundRecord> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        int added = 0;
        foreach (var round in rounds)
        {
            if (_rounds.TryAdd(round.Round, round)) added++;
            else _rounds[round.Round] = round; // a stored round never changes: the same numbers again
            _snapshot = null;
        }
        return added;
    }

    public void Clear()
    {
        _rounds.Clear();
        _snapshot = null;
    }
}
