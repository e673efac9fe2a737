using System.Globalization;
using FedBpt.Engine.Data;
using FedBpt.Engine.Federation;

namespace FedBpt.Cli.Commands;

/// <summary>
/// Progress on stderr: at the start the client split as a table (examples per client and class, size, majority
/// share, and the split's mean majority share and size CV), then per round accuracy, best so far, time and ETA.
/// </summary>
internal sealed class ConsoleProgress(IReadOnlyList<string> labels, string split) : IRunObserver
{
    private int _rounds;

    public void OnRunStarted(RunStarted info)
    {
        _rounds = info.NumRounds;
        Console.Error.WriteLine($"{info.Strategy}; device {info.Device}");
        Console.Error.WriteLine($"test examples {info.TestExamples} (dropped {info.TestDropped}), zero-shot accuracy {info.ZeroShotAccuracy:F4}");
        WriteLabelTable(info.LabelCounts);
        if (info.StartRound > 0) Console.Error.WriteLine($"resuming after round {info.StartRound} of {info.NumRounds}");
    }

    private void WriteLabelTable(LabelCountTable table)
    {
        var culture = CultureInfo.InvariantCulture;
        Console.Error.WriteLine(string.Create(culture,
            $"clients ({split}): mean majority share {table.MeanMaxClassShare:P1}, size CV {table.SizeCoefficientOfVariation:F2}"));
        int width = Math.Max(7, labels.Max(l => l.Length) + 1);
        Console.Error.WriteLine("  client  " + string.Concat(labels.Select(l => l.PadLeft(width))) + "  examples  majority");
        for (int c = 0; c < table.NumClients; c++)
        {
            string counts = string.Concat(Enumerable.Range(0, table.NumClasses).Select(k => table[c, k].ToString(culture).PadLeft(width)));
            Console.Error.WriteLine(string.Create(culture,
                $"  {"site-" + (c + 1),-7} {counts}  {table.ClientTotals[c],8}  {table.MaxClassShare(c),8:P1}"));
        }
    }

    public void OnRoundCompleted(CompletedRound completed)
    {
        var r = completed.Record;
        var progress = RunProgress.After(r, _rounds); // the run's wall clock, resumed invocations included
        double perRound = progress.SecondsPerRound ?? 0;
        var eta = TimeSpan.FromSeconds(progress.EtaSeconds ?? 0);
        string acc = r.GlobalTestAccuracy is double a ? a.ToString("F4") : "  –   ";
        string best = completed.Best?.Accuracy is double b ? $"{b:F4}@{completed.Best.Round + 1}" : "–";
        Console.Error.WriteLine(
            $"round {r.Round + 1,4}/{_rounds}  acc {acc}  best {best}  fitness {r.TrainFitnessMean:F4}  σ {r.Sigma:F3}  "
            + $"{perRound:F1}s/round  ETA {eta:hh\\:mm\\:ss}");
    }
}
