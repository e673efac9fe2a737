using System.Diagnostics;
using FedBpt.Engine.Federation;

namespace FedBpt.Cli.Commands;

/// <summary>Round-by-round progress on stderr: accuracy, best so far, time per round and ETA.</summary>
internal sealed class ConsoleProgress : IRunObserver
{
    private readonly Stopwatch _clock = new();
    private int _startRound;
    private int _rounds;

    public void OnRunStarted(RunStarted info)
    {
        _startRound = info.StartRound;
        _rounds = info.NumRounds;
        _clock.Restart();
        Console.Error.WriteLine($"{info.Strategy}; device {info.Device}");
        Console.Error.WriteLine($"test examples {info.TestExamples} (dropped {info.TestDropped}), zero-shot accuracy {info.ZeroShotAccuracy:F4}");
        Console.Error.WriteLine("examples per client and class: "
            + string.Join(" | ", Enumerable.Range(0, info.LabelCounts.NumClients)
                .Select(c => string.Join("/", Enumerable.Range(0, info.LabelCounts.NumClasses).Select(k => info.LabelCounts[c, k])))));
        if (info.StartRound > 0) Console.Error.WriteLine($"resuming after round {info.StartRound} of {info.NumRounds}");
    }

    public void OnRoundCompleted(RoundResult r)
    {
        int done = r.Round + 1 - _startRound;
        double perRound = _clock.Elapsed.TotalSeconds / Math.Max(1, done);
        var eta = TimeSpan.FromSeconds(perRound * (_rounds - r.Round - 1));
        string acc = r.GlobalTestAccuracy is double a ? a.ToString("F4") : "  –   ";
        string best = r.Best?.Accuracy is double b ? $"{b:F4}@{r.Best.Round + 1}" : "–";
        Console.Error.WriteLine(
            $"round {r.Round + 1,4}/{_rounds}  acc {acc}  best {best}  fitness {r.TrainFitnessMean:F4}  σ {r.SigmaSent:F3}  "
            + $"{perRound:F1}s/round  ETA {eta:hh\\:mm\\:ss}");
    }
}
