using System.Text.Json;
using System.Text.Json.Serialization;
using FedBpt.Engine.Data;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Optimization;
using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Tests;

/// <summary>
/// Conveniences only the tests use, kept out of the engine: pycma's <c>_copy_light</c> (the clients build their ES
/// from the global model message instead), per-class totals of a partition, the summaries of every split of a task and
/// the published architectures of models the tests build without weights.
/// </summary>
internal static class TestOnlyExtensions
{
    extension(CmaEs es)
    {
        /// <summary>
        /// pycma's <c>_copy_light</c>: a new ES with this mean, current σ, C (B and D fresh for the current C) and
        /// coordinate scaling, but fresh paths, counters, best and generator, governed by <paramref name="options"/>.
        /// </summary>
        public CmaEs CopyLight(CmaEsOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var s = es.GetState();
            int n = s.Options.Dimension;
            if (options.Dimension != n) throw new ArgumentException($"Dimension {options.Dimension} differs from {n}.");
            var (c, eigenvectors, axisLengths) = (s.Covariance, s.Eigenvectors, s.AxisLengths);
            if (s.EigenIteration != s.Iteration)
            {
                eigenvectors = new double[n * n];
                SymmetricEigen.DecomposeWithDiagonalLoading(c, n, eigenvectors, axisLengths); // on GetState's copies
            }
            return CmaEs.FromState(CmaEsState.Fresh(options, s.Mean, s.Sigma, c, eigenvectors, axisLengths) with { Scaling = s.Scaling });
        }

        public string ToJson() => es.GetState().ToJson();

        public static CmaEs FromJson(string json) => CmaEs.FromState(CmaEsState.FromJson(json));
    }

    extension(RecombinationWeights)
    {
        /// <summary>The positive weights for λ samples (and optional pycma <c>CMA_mu</c>).</summary>
        public static double[] PositiveFor(int populationSize, int? mu = null) => RecombinationWeights.Create(populationSize, mu).Positive;
    }

    extension(LabelCountTable table)
    {
        public IReadOnlyList<int> ClassTotals =>
            Enumerable.Range(0, table.NumClasses).Select(c => Enumerable.Range(0, table.NumClients).Sum(client => table[client, c])).ToArray();
    }

    private static readonly MaskedLmConfig RobertaLargeConfig = MaskedLmConfig.RobertaDefaults with
    {
        HiddenSize = 1024, NumHiddenLayers = 24, NumAttentionHeads = 16, IntermediateSize = 4096,
    };

    private static readonly MaskedLmConfig BertLargeUncasedConfig = MaskedLmConfig.BertDefaults with
    {
        HiddenSize = 1024, NumHiddenLayers = 24, NumAttentionHeads = 16, IntermediateSize = 4096,
    };

    extension(MaskedLmConfig)
    {
        /// <summary>roberta-large's architecture (its config.json on the Hugging Face Hub).</summary>
        public static MaskedLmConfig RobertaLarge => RobertaLargeConfig;

        /// <summary>bert-base-uncased's architecture: Hugging Face's BertConfig defaults.</summary>
        public static MaskedLmConfig BertBaseUncased => MaskedLmConfig.BertDefaults;

        /// <summary>bert-large-uncased's architecture (its config.json on the Hugging Face Hub).</summary>
        public static MaskedLmConfig BertLargeUncased => BertLargeUncasedConfig;
    }

    extension(DatasetLoader)
    {
        /// <summary>Row and label counts of every available split of <paramref name="task"/>.</summary>
        public static IReadOnlyList<SplitSummary> Summarize(TaskDefinition task, IReadOnlyList<string> dataRoots) =>
            DatasetLoader.AvailableSplits(task, dataRoots)
                .Select(split =>
                {
                    string path = DatasetLoader.ResolvePath(task, split, dataRoots);
                    return SplitSummary.Of(task, split, path, DatasetLoader.Read(task, path));
                })
                .ToArray();
    }
}

/// <summary>A JSON form of the CMA-ES state for the tests (runs store it in binary, <see cref="CmaEsBinary"/>).</summary>
internal static class CmaEsStateJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Fitness values may legitimately be ±∞; keep them representable.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    extension(CmaEsState state)
    {
        public string ToJson() => JsonSerializer.Serialize(state, Json);

        public static CmaEsState FromJson(string json) =>
            JsonSerializer.Deserialize<CmaEsState>(json, Json) ?? throw new JsonException("The JSON held no CMA-ES state.");
    }
}
