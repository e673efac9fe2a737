using FedBpt.Engine.Data;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Scoring;
using FedBpt.Engine.Tasks;

namespace FedBpt.Web.Components.ExperimentForm;

/// <summary>
/// The editable state of the new-experiment form: one mutable property per <see cref="ExperimentSpec"/> key (inputs
/// bind to these), turned into a spec with <see cref="ToSpec"/> so that the spec's own validator judges it.
/// </summary>
public sealed class ExperimentFormModel
{
    public string Task { get; set; } = "";
    public string Model { get; set; } = "";
    public FederatedAlgorithm Algorithm { get; set; } = Algorithms.FedBpt;
    public int NumClients { get; set; }
    public int NumRounds { get; set; }
    public long Seed { get; set; }
    public int KShot { get; set; }
    public bool Iid { get; set; }
    public double DirichletAlpha { get; set; }
    public DirichletScheme DirichletScheme { get; set; }
    public int LocalIter { get; set; }
    public int LocalPopsize { get; set; }
    public int IntrinsicDim { get; set; }
    public int NPromptTokens { get; set; }
    public double Sigma { get; set; }
    public double Bound { get; set; }
    public bool Perturb { get; set; }
    public double PerturbRate { get; set; }
    public LossType LossType { get; set; }
    public PromptMode CatOrAdd { get; set; }
    public IReadOnlyList<string> EvalClients { get; set; } = [];
    public bool VerbalizerLeadingSpace { get; set; }
    public bool TrimText { get; set; }
    public bool SigmaFloor { get; set; }
    public bool PaperSigmaRule { get; set; }
    public bool SharedLocalSeed { get; set; }
    public int BbtPopsize { get; set; }

    public ExperimentFormModel() => Load(new ExperimentSpec());

    public static ExperimentFormModel From(ExperimentSpec spec)
    {
        var model = new ExperimentFormModel();
        model.Load(spec);
        return model;
    }

    /// <summary>Replaces every field with the spec's values.</summary>
    public void Load(ExperimentSpec spec)
    {
        Task = spec.Task;
        Model = spec.Model;
        Algorithm = spec.Algorithm;
        NumClients = spec.NumClients;
        NumRounds = spec.NumRounds;
        Seed = spec.Seed;
        KShot = spec.KShot;
        Iid = spec.Iid;
        DirichletAlpha = spec.DirichletAlpha;
        DirichletScheme = spec.DirichletScheme;
        LocalIter = spec.LocalIter;
        LocalPopsize = spec.LocalPopsize;
        IntrinsicDim = spec.IntrinsicDim;
        NPromptTokens = spec.NPromptTokens;
        Sigma = spec.Sigma;
        Bound = spec.Bound;
        Perturb = spec.EffectivePerturb;
        PerturbRate = spec.PerturbRate;
        LossType = spec.LossType;
        CatOrAdd = spec.CatOrAdd;
        EvalClients = (spec.EvalClients ?? []).ToArray();
        VerbalizerLeadingSpace = spec.VerbalizerLeadingSpace;
        TrimText = spec.TrimText;
        SigmaFloor = spec.SigmaFloor;
        PaperSigmaRule = spec.PaperSigmaRule;
        SharedLocalSeed = spec.SharedLocalSeed;
        BbtPopsize = spec.BbtPopsize;
    }

    public ExperimentSpec ToSpec() => new()
    {
        Task = Task ?? "",
        Model = Model ?? "",
        Algorithm = Algorithm,
        NumClients = NumClients,
        NumRounds = NumRounds,
        Seed = Seed,
        KShot = KShot,
        Iid = Iid,
        DirichletAlpha = DirichletAlpha,
        DirichletScheme = DirichletScheme,
        LocalIter = LocalIter,
        LocalPopsize = LocalPopsize,
        IntrinsicDim = IntrinsicDim,
        NPromptTokens = NPromptTokens,
        Sigma = Sigma,
        Bound = Bound,
        Perturb = Perturb,
        PerturbRate = PerturbRate,
        LossType = LossType,
        CatOrAdd = CatOrAdd,
        EvalClients = EvalClients.ToArray(),
        VerbalizerLeadingSpace = VerbalizerLeadingSpace,
        TrimText = TrimText,
        SigmaFloor = SigmaFloor,
        PaperSigmaRule = PaperSigmaRule,
        SharedLocalSeed = SharedLocalSeed,
        BbtPopsize = BbtPopsize,
    };

    /// <summary>The centralized baselines have one client and no federation settings.</summary>
    public bool IsCentralized => Algorithm.Centralized;

    /// <summary>An algorithm that trains nothing (the manual prompt) has no rounds or optimizer settings.</summary>
    public bool IsManual => !Algorithm.Trains;

    /// <summary>The server's σ options apply (FedBPT's server CMA-ES).</summary>
    public bool HasServerCmaEs => Algorithm.HasServerCmaEs;

    /// <summary>Whether the popsize field of that key is the one the algorithm uses.</summary>
    public bool UsesPopsize(string key) => Algorithm.PopsizeKey == key;

    /// <summary>A default run name like "sst2 · fedbpt · 10 clients".</summary>
    public string SuggestedName() => Algorithm switch
    {
        ManualAlgorithm => $"{Task} · manual prompt (zero-shot) · {Model}",
        BbtAlgorithm => $"{Task} · centralized bbt · {Model}",
        _ => $"{Task} · {Algorithm.Name} · {NumClients} clients{(Iid ? "" : $" · non-IID {SpecChoices.DirichletScheme.NameOf(DirichletScheme)} α={DirichletAlpha:0.##}")}",
    };
}
