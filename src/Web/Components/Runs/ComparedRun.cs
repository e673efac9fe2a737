using FedBpt.Engine.Federation;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Components.Charts;

namespace FedBpt.Web.Components.Runs;

/// <summary>A run on the compare page: its stored summary, the rounds the page holds and its colour.</summary>
public sealed class ComparedRun(Experiment experiment, string color)
{
    public Experiment Experiment { get; set; } = experiment;
    public LiveRounds Rounds { get; } = new();
    public string Color { get; set; } = color;

    public int Id => Experiment.Id;
    public string Label => $"#{Experiment.Id} {Experiment.Name}";

    public RunSeries Series => new(Label, Color, Rounds.Points, Experiment.ZeroShotAccuracy);

    public RunProgress Progress => ExperimentProgress.Of(Experiment, Rounds.Last);
}
