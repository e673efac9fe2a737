using FedBpt.Engine.Experiments;

namespace FedBpt.Web.Components.ExperimentForm;

/// <summary>A starting point for the form: a whole spec (the SST-2 runs) or an algorithm applied to the current settings (the baselines).</summary>
public sealed record SpecPreset(string Id, string Title, string Description, bool ReplacesAll, Func<ExperimentSpec, ExperimentSpec> Apply);

/// <summary>The presets of the new-experiment form; the SST-2 ones mirror docs/specs/sst2-paper.json and sst2-quick.json.</summary>
public static class SpecPresets
{
    public const string Paper = "paper";
    public const string Quick = "quick";

    /// <summary>The reference's SST-2 run on roberta-large: every key at its default (docs/specs/sst2-paper.json).</summary>
    public static ExperimentSpec PaperSpec { get; } = new();

    /// <summary>
    /// A demo that finishes in about four minutes on a 2-core CPU and visibly learns: minilm-mlm (a pretrained BERT-family
    /// model) on SST-2 with fewer clients, rounds, examples and local iterations than the paper (docs/specs/sst2-quick.json).
    /// </summary>
    public static ExperimentSpec QuickSpec { get; } = new()
    {
        Task = "sst2",
        Model = "minilm-mlm",
        Algorithm = Algorithms.FedBpt,
        NumClients = 4,
        NumRounds = 8,
        KShot = 24,
        LocalIter = 4,
    };

    /// <summary>The quick demo in one line, for the preset button and the first-visit card.</summary>
    public static string QuickSummary =>
        $"{QuickSpec.Model}, {QuickSpec.NumClients} clients, {QuickSpec.NumRounds} rounds, {QuickSpec.KShot} examples per class, " +
        $"{QuickSpec.LocalIter} local iterations";

    public static IReadOnlyList<SpecPreset> All { get; } =
    [
        new(Paper, "SST-2 — paper settings",
            "The reference run: roberta-large, 10 IID clients, 200 rounds, 200 examples per class, CMA-ES λ=5 × 8 iterations, d=500.",
            true, _ => PaperSpec),
        new(Quick, "SST-2 — quick demo",
            QuickSummary + ": finishes in minutes on a CPU.",
            true, _ => QuickSpec),
        new("fedavg-bbt", "FedAvg-BBT",
            "Baseline: the same settings, but the server averages the clients' means and step sizes (weighted by shard size); plain-loss fitness.",
            false, s => s with { Algorithm = Algorithms.FedAvgBbt, Perturb = null }),
        new("bbt", "Centralized BBT",
            "Baseline: one party holds all training data and runs a single CMA-ES (population 20, plain-loss fitness, as BBT).",
            false, s => s with { Algorithm = Algorithms.Bbt, EvalClients = ["site-1"], Perturb = null }),
        new("manual", "Manual prompt (zero-shot)",
            "Baseline: the bare template with no tuned prompt, evaluated once.",
            false, s => s with { Algorithm = Algorithms.Manual, EvalClients = ["site-1"], Perturb = null }),
    ];

    public static SpecPreset? Find(string? id) => All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase));
}
