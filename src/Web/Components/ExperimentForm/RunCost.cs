using FedBpt.Engine.Experiments;
using FedBpt.Web.Catalog;

namespace FedBpt.Web.Components.ExperimentForm;

/// <summary>
/// What a spec will cost, from its settings and the task's split sizes (as the README counts a round): candidate
/// evaluations, model forwards (sequences) and what each client sends. An estimate, shown before launching.
/// </summary>
public sealed record RunCost(
    int Rounds,
    long CandidatesPerRound,
    long SequencesPerRound,
    long TotalSequences,
    int ExamplesPerClient,
    int UploadFloatsPerClient)
{
    public static RunCost Of(ExperimentSpec s, TaskInfo? task)
    {
        int classes = Math.Max(2, task?.LabelWords.Count ?? 2);
        int trainRows = task?.Splits.FirstOrDefault(x => x.Split == task.TrainSplit)?.Rows ?? 0;
        int testRows = task?.Splits.FirstOrDefault(x => x.Split == task.TestSplit)?.Rows ?? 0;
        var algorithm = s.Algorithm;
        int clients = Math.Max(1, s.EffectiveClients);
        long trainTotal = s.KShot > 0 ? (long)s.KShot * classes : (long)(trainRows * 0.9);
        int perClient = (int)Math.Max(0, trainTotal / clients);
        bool evaluates = (s.EvalClients?.Count ?? 0) > 0;
        int rounds = Math.Max(0, s.EffectiveRounds);
        // The engine's cost rule on the shards an even split would give (the estimate equals what a run records when it does).
        var sane = s with { LocalIter = Math.Max(0, s.LocalIter), LocalPopsize = Math.Max(0, s.LocalPopsize), BbtPopsize = Math.Max(0, s.BbtPopsize) };
        long sequences = algorithm.QueriesPerRound(sane, Enumerable.Repeat(algorithm.Trains ? perClient : 0, clients).ToArray(),
            evaluates || !algorithm.Trains ? testRows : 0);
        if (!algorithm.Trains) return new RunCost(rounds, 0, sequences, sequences * rounds, 0, 0);
        long candidates = (long)clients * sane.LocalIter * algorithm.LocalPopsize(sane);
        return new RunCost(rounds, candidates, sequences, sequences * rounds, perClient, s.IntrinsicDim + s.LocalIter + 2);
    }

    /// <summary>1234 → "1,234"; 6.7e6 → "6.7 M".</summary>
    public static string Compact(long n) => n switch
    {
        >= 1_000_000_000 => $"{n / 1e9:0.#} G",
        >= 1_000_000 => $"{n / 1e6:0.#} M",
        >= 10_000 => $"{n / 1e3:0.#} k",
        _ => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
    };
}
