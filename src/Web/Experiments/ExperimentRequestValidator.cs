using System.Text.Json;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Data;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;
using FedBpt.Engine.Text;
using FedBpt.Storage.Data;
using FedBpt.Storage.Datasets;
using FedBpt.Web.Catalog;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Experiments;

/// <summary>A create request that passed every check: the trimmed name and the normalized spec.</summary>
public sealed record ValidExperiment(string Name, ExperimentSpec Spec);

/// <summary>
/// Checks a create request completely before anything is stored: the name; the spec's JSON (unknown keys, wrong
/// types), ranges and consistency; that its task (built-in or uploaded) is known and its data files are present; that its model is a
/// folder with weights inside the model roots; and that the task's label words are whole tokens of that model's vocabulary.
/// Errors are keyed by the spec's camelCase field names.
/// </summary>
public sealed class ExperimentRequestValidator(IOptions<FedBptOptions> options, DatasetStore datasets, TaskResolver tasks, TokenizerSource tokenizers)
{
    public async Task<(ValidExperiment? Experiment, IDictionary<string, string[]> Errors)> ValidateAsync(
        CreateExperimentRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0) Add("name", "is required.");
        else if (name.Length > FieldLengths.Name) Add("name", $"must be at most {FieldLengths.Name} characters.");

        ExperimentSpec? spec = null;
        if (request.Spec is not { ValueKind: not JsonValueKind.Null } json)
        {
            Add("spec", "is required: an object with the experiment's settings (omitted keys take the reference defaults).");
        }
        else
        {
            try
            {
                spec = ExperimentSpec.FromJson(json.GetRawText()).Normalized();
            }
            catch (SpecValidationException e)
            {
                foreach (var error in e.Errors) Add(FieldOf(error), error.Message);
            }
        }

        if (spec is not null)
        {
            foreach (var error in spec.Validate()) Add(FieldOf(error), error.Message);
            if (!string.IsNullOrWhiteSpace(spec.Task) && await CheckTaskAsync(spec.Task, cancellationToken) is { } taskError) Add("task", taskError);
            if (!string.IsNullOrWhiteSpace(spec.Model) && CheckModel(spec.Model) is { } modelError) Add("model", modelError);
            if (!errors.ContainsKey("task") && !errors.ContainsKey("model") && await CheckWordsAsync(spec, cancellationToken) is { } wordsError)
                Add("task", wordsError);
        }

        var result = errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        return (result.Count == 0 ? new ValidExperiment(name, spec!) : null, result);
    }

    private async Task<string?> CheckTaskAsync(string name, CancellationToken cancellationToken)
    {
        TaskDefinition? task;
        try
        {
            task = await tasks.FindAsync(name, cancellationToken);
        }
        catch (TaskDefinitionException e)
        {
            return e.Message; // an uploaded dataset that no longer validates
        }
        if (task is null)
        {
            var uploaded = (await datasets.ListAsync(cancellationToken)).Select(d => d.Name);
            return $"'{name}' is not a known task or uploaded dataset. Known: {string.Join(", ", TaskCatalog.Names.Concat(uploaded))}.";
        }
        var roots = ContentRoots.Data(options.Value).Configured;
        try
        {
            DatasetLoader.ResolvePath(task, task.TrainSplit, roots);
            DatasetLoader.ResolvePath(task, task.TestSplit, roots);
            return null;
        }
        catch (FileNotFoundException e)
        {
            return e.Message;
        }
    }

    /// <summary>The task's verbalizer against the model's own tokenizer (a WordPiece model takes whole words only).</summary>
    private async Task<string?> CheckWordsAsync(ExperimentSpec spec, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(spec.Task) || string.IsNullOrWhiteSpace(spec.Model)) return null;
        if (tokenizers.ForModel(spec.Model) is not { } tokenizer || await tasks.FindAsync(spec.Task, cancellationToken) is not { } task) return null;
        try
        {
            _ = new TaskEncoder(tokenizer, task, spec.Mode, spec.NPromptTokens, spec.VerbalizerLeadingSpace);
            return null;
        }
        catch (TaskDefinitionException e)
        {
            return $"{e.Message} (model '{spec.Model}', {tokenizer.Kind.DisplayName()} tokenizer)";
        }
    }

    private string? CheckModel(string name)
    {
        if (!ContentRoots.IsSafeName(name))
            return $"'{name}' is not a model name: use the name of a folder inside a model root (no '/', '\\' or '..').";
        var roots = ContentRoots.Models(options.Value);
        var folder = roots.Find(name);
        if (folder is null)
            return $"'{name}' was not found in the model roots. Available models: {string.Join(", ", roots.List())}.";
        return CheckpointLoader.FindWeights(folder) is null
            ? $"'{name}' has no weights ({string.Join(" or ", CheckpointLoader.WeightFiles)})."
            : null;
    }

    /// <summary>Errors about the spec as a whole (an empty field) are reported under "spec".</summary>
    private static string FieldOf(SpecError error) => error.Field.Length == 0 ? "spec" : error.Field;
}
