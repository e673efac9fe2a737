using System.CommandLine;
using System.Text.Json;
using FedBpt.Engine.Data;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Runtime;
using FedBpt.Engine.Scoring;
using FedBpt.Engine.Tasks;

namespace FedBpt.Cli.Commands;

/// <summary>
/// <c>fedbpt eval</c>: the manual-prompt (zero-shot) metric of a task, or with <c>--prompt</c> the
/// metric of an exported prompt (rebuilt from its spec: same A, same injection).
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model folder or name (default: the prompt's model)." };
        var task = new Option<string?>("--task") { Description = "Task name (default: the prompt's task, else sst2)." };
        var split = new Option<string?>("--split") { Description = "Split to evaluate (default: the task's test split, e.g. dev for sst2)." };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding <task>/<split>.tsv." };
        var space = new Option<bool>("--verbalizer-space") { Description = "Verbalizer words with a leading space (Ġgreat); byte-level BPE (RoBERTa) models only, no effect with WordPiece." };
        var trim = new Option<bool>("--trim-text") { Description = "Trim white space around each text (default: as the dataset has it, as the reference)." };
        var prompt = new Option<FileInfo?>("--prompt") { Description = "An exported prompt-best.json / prompt-final.json." };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N." };
        var json = new Option<bool>("--json") { Description = "Print one JSON line." };
        var command = new Command("eval", "Evaluate the manual prompt (zero-shot) or an exported prompt on a task split.")
        {
            model, task, split, dataRoot, space, trim, prompt, device, json,
        };
        command.SetAction((parse, cancel) =>
        {
            var options = CliSettings.Load();
            TorchDevice.SetThreads(options.Threads);
            var doc = parse.GetValue(prompt) is { } file ? PromptDocument.FromJson(File.ReadAllText(file.FullName)) : null;
            var spec = doc?.Spec ?? new ExperimentSpec();
            string modelName = parse.GetValue(model) ?? doc?.Model
                ?? throw new ArgumentException("--model is required without --prompt.");
            var definition = TaskCatalog.Get(parse.GetValue(task) ?? doc?.Task ?? "sst2");
            bool leadingSpace = parse.GetValue(space) || (doc?.Spec.VerbalizerLeadingSpace ?? false);
            bool trimText = parse.GetValue(trim) || (doc?.Spec.TrimText ?? false);
            string splitName = parse.GetValue(split) ?? definition.TestSplit;

            var dataRoots = CliSettings.DataRoots(options, parse.GetValue(dataRoot));
            definition = CliHub.ResolveTask(definition, dataRoots, options, cancel, [splitName]);
            using var assets = ModelAssets.Load(CliHub.ResolveModel(modelName, options, cancel), TorchDevice.Resolve(parse.GetValue(device) ?? options.Device), Precision.Parse(options.Precision));
            var texts = DatasetLoader.Load(definition, splitName, dataRoots);
            var scoring = doc is null
                ? TaskScoring.Manual(leadingSpace, trimText, assets, definition, options.MaxTokensPerForward)
                : TaskScoring.Prompted(spec with { VerbalizerLeadingSpace = leadingSpace, TrimText = trimText }, assets, definition, options.MaxTokensPerForward);
            var scorer = scoring.Scorer;
            var encoded = scoring.EncodeAll(texts, dropTooLong: true);
            using var shard = scorer.Prepare(encoded.Examples);
            using var projection = doc is null ? null : PromptProjection.Create(assets.Model, spec.NPromptTokens, spec.IntrinsicDim, spec.Seed);
            using var rows = projection?.Project([doc!.Z]);
            var score = scorer.Score(rows, shard, metric: definition.ScoreMetric)[0];

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    task = definition.Name,
                    split = splitName,
                    examples = shard.Count,
                    accuracy = Math.Round(score.Accuracy, 6),
                    metric = definition.Metric == TaskMetric.F1 ? "f1" : "accuracy",
                    value = Math.Round(score.Metric, 6),
                    prompt = doc is null ? "manual" : doc.Which,
                }));
            }
            else
            {
                Console.WriteLine($"{definition.Name} {splitName}: {shard.Count} examples ({encoded.Dropped} too long, dropped), "
                    + $"{(doc is null ? "manual prompt" : $"{doc.Which} prompt from round {doc.Round}")}: accuracy {score.Accuracy:F4}"
                    + (definition.Metric == TaskMetric.F1 ? $", F1 {score.Metric:F4}" : ""));
            }
            return System.Threading.Tasks.Task.FromResult(0);
        });
        return command;
    }
}
