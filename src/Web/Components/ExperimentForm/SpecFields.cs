namespace FedBpt.Web.Components.ExperimentForm;

/// <summary>A spec key as the form shows it: its label, a one-line explanation and the section it lives in.</summary>
public sealed record SpecField(string Key, string Label, string Help, string Section);

/// <summary>
/// Labels and help texts of every spec key (from the FedBPT reference: what the setting does and the reference's
/// value), plus the request-level keys the create service reports ("name", "spec").
/// </summary>
public static class SpecFields
{
    public const string TaskSection = "Task & data";
    public const string ModelSection = "Model";
    public const string FederationSection = "Federation";
    public const string CmaSection = "CMA-ES";
    public const string PerturbationSection = "Perturbation";
    public const string EvaluationSection = "Evaluation";

    public static IReadOnlyList<SpecField> All { get; } =
    [
        new("task", "Task", "Dataset with its cloze template and verbalizer words: a built-in task found in the data roots or an uploaded dataset.", TaskSection),
        new("kShot", "Examples per class (k-shot)", "Training examples per class across the whole federation, and as many again for dev. Reference 200, paper 40; negative = all data (90/10 split).", TaskSection),
        new("iid", "IID split", "On: every client draws an equal random share of the few-shot data. Off: label-skewed Dirichlet split (non-IID).", TaskSection),
        new("dirichletAlpha", "Dirichlet α", "Concentration of the non-IID split: smaller is more skewed. Code default 0.5, the paper uses 1.0.", TaskSection),
        new("dirichletScheme", "Non-IID scheme", "reference: each client draws a class mix from Dirichlet(class shares·α), and client sizes solve a least-norm fit to the class counts (the reference's Dirichlet_noniid; strong label skew, similar sizes). per-class: each class is split over the clients by Dirichlet(α) shares (milder skew, very unequal sizes).", TaskSection),
        new("numClients", "Clients", "Simulated clients (site-1 … site-N); all take part every round. Reference 10.", TaskSection),
        new("trimText", "Trim texts", "Remove white space around each text before it fills the template. Off: the text exactly as the dataset has it, as the reference does (GLUE SST-2 sentences end with a space).", TaskSection),
        new("seed", "Seed", "Seeds the few-shot sample, the client split, the random projection A and CMA-ES. Reference 1234.", TaskSection),

        new("model", "Model", "RoBERTa or BERT masked-LM folder in the model roots (config.json's model_type decides). It stays frozen and is only queried (black box).", ModelSection),
        new("verbalizerLeadingSpace", "Verbalizer with leading space", "Byte-level BPE (RoBERTa) models: score the label words as \"Ġgreat\" (with a leading space) instead of the reference's bare \"great\"; tiny-roberta-mlm needs it. No effect on WordPiece (BERT) models: their tokenizer strips the space, so both are the same token.", ModelSection),
        new("nPromptTokens", "Prompt tokens", "Length of the soft prompt P = A·z in tokens. Reference 50.", ModelSection),
        new("catOrAdd", "Prompt injection", "add: P is added to the hidden states of placeholder tokens after the embedding LayerNorm (reference). cat: P is prepended before the start token (<s>, [CLS]).", ModelSection),

        new("algorithm", "Algorithm", "fedbpt: server-side CMA-ES over client means (FedBPT). fedavg-bbt: averaged means and step sizes. bbt: one party with all data. manual: the bare template, zero-shot.", FederationSection),
        new("numRounds", "Rounds", "Communication rounds; the global test accuracy is measured each round. Reference 200 (its best round was 116).", FederationSection),
        new("localIter", "Local iterations", "CMA-ES iterations per client and round (for bbt: iterations per round). Reference 8.", FederationSection),
        new("sharedLocalSeed", "Re-seed local CMA-ES each round", "As pycma in the reference: every client's local CMA-ES is seeded with the seed each round, so all draw the same normal stream. Off: each client and round has its own.", FederationSection),
        new("sigmaFloor", "Effective σ floor (0.5)", "Make the server's 0.5 floor on the step size real; in the reference code it is a no-op.", FederationSection),
        new("paperSigmaRule", "Paper σ rule (Eq. 6)", "Server step size from the best half of the clients (paper Eq. 6) instead of all clients (code).", FederationSection),

        new("localPopsize", "Local population (λ)", "Candidates per local CMA-ES iteration; μ = λ/2 are recombined. Reference 5.", CmaSection),
        new("sigma", "Initial σ", "Initial CMA-ES step size. Reference 1.0.", CmaSection),
        new("bound", "Bound on z", "Box constraint |zᵢ| ≤ bound; 0 = unbounded (reference).", CmaSection),
        new("intrinsicDim", "Intrinsic dimension (d)", "Size of the tuned vector z, the only numbers clients send; P = A·z with a fixed random A. Reference 500.", CmaSection),
        new("bbtPopsize", "BBT population", "Population of the centralized bbt baseline's CMA-ES (BBT uses 20).", CmaSection),

        new("perturb", "Perturbation", "Fitness = loss on the clean shard ÷ loss on a perturbed copy, against overfitting a small shard (FedBPT). Off: the plain loss. Defaults: on for fedbpt, off for the baselines (BBT's fitness is the plain loss).", PerturbationSection),
        new("perturbRate", "Perturbation rate", "Probability that each real token of the perturbed copy is replaced by a random token. Code 0.5; the paper's best 0.4–0.6.", PerturbationSection),

        new("lossType", "Loss", "ce: cross-entropy over the verbalizer logits (reference). hinge: multi-class hinge with margin 2 (BBT suggests it for MRPC, SNLI, RTE).", EvaluationSection),
        new("evalClients", "Evaluating sites", "Sites that measure the global test accuracy each round. Reference: site-1.", EvaluationSection),
    ];

    private static readonly Dictionary<string, SpecField> ByKey = All.ToDictionary(f => f.Key, StringComparer.Ordinal);

    public static SpecField? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>A human label for an error key: the field's label, "Name" or "Spec".</summary>
    public static string LabelOf(string key) => key switch
    {
        "name" => "Name",
        "" or "spec" => "Spec",
        _ => Find(key)?.Label ?? key,
    };

    public static string HelpOf(string key) => Find(key)?.Help ?? "";

    public static string[] Sections { get; } =
        [TaskSection, ModelSection, FederationSection, CmaSection, PerturbationSection, EvaluationSection];
}
