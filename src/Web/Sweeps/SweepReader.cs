using System.Text.Json.Nodes;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Storage.Sweeps;

namespace FedBpt.Web.Sweeps;

/// <summary>A sweep as its page and the API show it: its runs, axes, and the per-setting statistics.</summary>
public sealed record SweepView(SweepSummary Sweep, IReadOnlyList<string> AxisKeys, IReadOnlyList<SweepSetting> Settings);

/// <summary>Reads a sweep and its runs' rounds from the store and aggregates them (<see cref="SweepStats"/>).</summary>
public sealed class SweepReader(SweepStore sweeps, ExperimentStore experiments)
{
    public async Task<SweepView?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        if (await sweeps.GetAsync(id, cancellationToken) is not { } sweep) return null;
        var axisKeys = (JsonNode.Parse(sweep.AxesJson) as JsonObject ?? []).Select(a => a.Key).ToArray();
        var runs = new List<SweepRun>(sweep.Runs.Count);
        foreach (var run in sweep.Runs)
        {
            var experiment = await experiments.GetAsync(run.Id, cancellationToken);
            if (experiment is null) continue; // deleted since the list was read
            var rounds = await experiments.GetRoundsAsync(run.Id, 0, cancellationToken);
            runs.Add(new SweepRun(run.Id, JsonNode.Parse(experiment.SpecJson) as JsonObject ?? [],
                experiment.Status == ExperimentStatus.Completed, experiment.BestAccuracy, experiment.FinalAccuracy,
                [.. rounds.Where(r => r.GlobalTestAccuracy is not null).Select(r => (r.Round, r.GlobalTestAccuracy!.Value))]));
        }
        return new SweepView(sweep, axisKeys, SweepStats.Aggregate(axisKeys, runs));
    }
}
