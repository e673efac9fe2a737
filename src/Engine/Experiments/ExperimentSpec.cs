using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// Everything that defines a run; a run is reproducible from its spec. The keys are the reference's
/// <c>job.py</c> arguments in camelCase; the defaults are its SST-2 run (where the paper and the code
/// differ, the code's value is the default and the paper's is an option).
/// </summary>
public sealed record ExperimentSpec
{
    /// <summary>Built-in task name (sst2, agnews, …) or a registered custom task.</summary>
    public string Task { get; init; } = "sst2";

    /// <summary>Model folder name under the configured model roots (roberta-large in the reference).</summary>
    public string Model { get; init; } = "roberta-large";

    /// <summary>
    /// A registered algorithm: <c>fedbpt</c>, <c>fedavg-bbt</c>, <c>bbt</c> (one client, all data) or <c>manual</c>
    /// (zero-shot) in JSON; an unknown name is refused while the JSON is read.
    /// </summary>
    [JsonConverter(typeof(AlgorithmJson))]
    public Federation.FederatedAlgorithm Algorithm { get; init; } = Algorithms.FedBpt;

    public int NumClients { get; init; } = 10;
    public int NumRounds { get; init; } = 200;
    public long Seed { get; init; } = 1234;

    /// <summary>Training examples per class (and as many again for dev); negative = all data (90/10).</summary>
    public int KShot { get; init; } = 200;

    public bool Iid { get; init; } = true;

    /// <summary>Dirichlet concentration for non-IID splits (code default 0.5; the paper uses 1.0).</summary>
    public double DirichletAlpha { get; init; } = 0.5;

    /// <summary>
    /// How a non-IID split draws: <c>reference</c> (a class mix per client and least-norm client sizes, the
    /// reference's <c>Dirichlet_noniid</c>) or <c>per-class</c> (per-class shares over the clients).
    /// </summary>
    [JsonConverter(typeof(DirichletSchemeJson))]
    public Data.DirichletScheme DirichletScheme { get; init; } = Data.DirichletScheme.Reference;

    public int LocalIter { get; init; } = 8;
    public int LocalPopsize { get; init; } = 5;
    public int IntrinsicDim { get; init; } = 500;
    public int NPromptTokens { get; init; } = 50;

    /// <summary>Initial CMA-ES step size.</summary>
    public double Sigma { get; init; } = 1.0;

    /// <summary>Box bound on z (|z_i| ≤ bound); 0 = unbounded.</summary>
    public double Bound { get; init; }

    /// <summary>
    /// Fitness = CE(clean shard) / CE(perturbed shard) when true, plain CE when false. Unset (null) takes the
    /// algorithm's default, <see cref="PerturbByDefault"/>: on for FedBPT (the reference), off for the baselines
    /// (BBT's fitness is the plain loss). <see cref="Normalized"/> writes the effective value, so stored and
    /// exported specs always say which was used.
    /// </summary>
    public bool? Perturb { get; init; }
    public double PerturbRate { get; init; } = 0.5;

    /// <summary><c>ce</c> or <c>hinge</c> in JSON (<see cref="SpecChoices.LossType"/>).</summary>
    [JsonConverter(typeof(LossTypeJson))]
    public Scoring.LossType LossType { get; init; } = Scoring.LossType.CrossEntropy;

    /// <summary><c>add</c> or <c>cat</c> in JSON (<see cref="SpecChoices.CatOrAdd"/>): how the prompt enters the encoder.</summary>
    [JsonConverter(typeof(CatOrAddJson))]
    public Tasks.PromptMode CatOrAdd { get; init; } = Tasks.PromptMode.Add;

    /// <summary>Sites that report the global test accuracy each round (<c>site-1</c> … <c>site-N</c>).</summary>
    public IReadOnlyList<string> EvalClients { get; init; } = ["site-1"];

    /// <summary>
    /// Verbalizer words with a leading space (<c>Ġgreat</c>) instead of the reference's bare form. Byte-level BPE only: a
    /// WordPiece tokenizer strips the space, so the setting has no effect there (ADR 0006).
    /// </summary>
    public bool VerbalizerLeadingSpace { get; init; }

    /// <summary>
    /// Trim white space around every text before it fills the template. Off by default: the reference keeps the
    /// dataset's text as it is (GLUE SST-2 sentences end with a space, which becomes a token before " . It was").
    /// </summary>
    public bool TrimText { get; init; }

    // ---- options beyond job.py (defaults reproduce the reference code) ----

    /// <summary>Make the server's 0.5 sigma floor effective (the reference's clamp is a no-op).</summary>
    public bool SigmaFloor { get; init; }

    /// <summary>Server sigma from the best half of clients, paper Eq. 6, instead of all clients (code).</summary>
    public bool PaperSigmaRule { get; init; }

    /// <summary>
    /// Seed every client's local CMA-ES with <see cref="Seed"/> each round, as pycma re-seeding does in
    /// the reference (all clients draw the same normal stream); false gives each client and round its own.
    /// </summary>
    public bool SharedLocalSeed { get; init; } = true;

    /// <summary>Population of the centralized <c>bbt</c> baseline (BBT uses 20).</summary>
    public int BbtPopsize { get; init; } = 20;

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false, // "last wins" would let a second key silently override the first
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(), // SpecJson reads the keys from it
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Parses a spec; unknown keys, duplicate keys and wrong types are errors (a typo must not silently fall back to
    /// a default), worded by <see cref="SpecJson"/>.
    /// </summary>
    public static ExperimentSpec FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ExperimentSpec>(json, JsonOptions)
                ?? throw new SpecValidationException([new SpecError("", "The spec is empty.")]);
        }
        catch (JsonException e)
        {
            throw new SpecValidationException([SpecJson.Describe(e)]);
        }
    }

    /// <summary>
    /// Parses a spec that an earlier run stored or exported (a run's row, a run folder, a prompt file): keys added
    /// since keep the behaviour that run had. Before <c>dirichletScheme</c> and <c>trimText</c> existed, non-IID
    /// splits were per-class and texts were trimmed, so a stored spec without them resumes and rebuilds as it ran.
    /// </summary>
    public static ExperimentSpec FromStoredJson(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SpecValidationException([new SpecError("", e.Message)]);
        }
        return node is JsonObject spec ? FromJson(WithLegacyDefaults(spec).ToJsonString()) : FromJson(json);
    }

    /// <summary>Adds the values of keys a stored spec predates (see <see cref="FromStoredJson"/>); returns the same object.</summary>
    public static JsonObject WithLegacyDefaults(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        bool Has(string key) => spec.Any(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
        if (!Has("dirichletScheme")) spec["dirichletScheme"] = SpecChoices.DirichletScheme.NameOf(Data.DirichletScheme.PerClass);
        if (!Has("trimText")) spec["trimText"] = true;
        return spec;
    }

    /// <summary>
    /// The spec as stored: the task name in lower case and <see cref="Perturb"/> resolved. The typed keys (algorithm,
    /// lossType, catOrAdd, dirichletScheme) are canonical once parsed.
    /// </summary>
    public ExperimentSpec Normalized() => this with
    {
        // A JSON null leaves a string null; it is then reported as missing, not thrown on.
        Task = Task?.Trim().ToLowerInvariant() ?? "",
        Model = Model ?? "",
        Perturb = EffectivePerturb,
    };

    /// <summary><see cref="Perturb"/>, or the algorithm's default when it is unset.</summary>
    [JsonIgnore]
    public bool EffectivePerturb => Algorithm.Perturbs(this);

    /// <summary>Every problem with the spec, one per field; empty when it is valid.</summary>
    public IReadOnlyList<SpecError> Validate() => ExperimentSpecValidator.Validate(this);

    /// <summary>Throws <see cref="SpecValidationException"/> listing every problem.</summary>
    public ExperimentSpec EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new SpecValidationException(errors);
        return this;
    }

    /// <summary>The site names of this run's clients: site-1 … site-N.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Sites => Enumerable.Range(1, EffectiveClients).Select(i => $"site-{i}").ToArray();

    /// <summary>The clients the run has: one holding all data for a centralized algorithm, else numClients.</summary>
    [JsonIgnore]
    public int EffectiveClients => Algorithm.Clients(this);

    /// <summary>The rounds the run has: one for an algorithm that trains nothing (the manual prompt), else numRounds.</summary>
    [JsonIgnore]
    public int EffectiveRounds => Algorithm.Rounds(this);
}

/// <summary>One invalid field of a spec (camelCase key) and what is wrong with it.</summary>
public sealed record SpecError(string Field, string Message);

public sealed class SpecValidationException(IReadOnlyList<SpecError> errors)
    : Exception("Invalid experiment spec: " + string.Join("; ", errors.Select(e => e.Field.Length > 0 ? $"{e.Field}: {e.Message}" : e.Message)))
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;
}
