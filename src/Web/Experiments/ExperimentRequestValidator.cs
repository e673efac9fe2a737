using System.Text.Json;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Data;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;
using FedBpt.Storage.Data;
using FedBpt.Storage.Datasets;
using FedBpt.Web.Catalog;
using FedBpt.Web.Common;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Experiments;

/// <summary>A create request that passed every check: the trimmed name and the normalized spec.</summary>
public sealed record ValidExperiment(string Name, ExperimentSpec Spec);

/// <summary>
/// Checks a create request completely before anything is stored: the name; the spec's JSON (unknown keys, wrong
/// types), ranges and consistency; that its task (built-in or uploaded) is known and its data files are present; that its model is a
/// folder with weights inside the model roots; and that the run fits in FedBpt:MaxRunMemoryBytes with that model
/// (<see cref="RunMemory"/>). Errors are keyed by the spec's camelCase field names, and name files by their root as
/// configured, never the server's absolute paths.
/// </summary>
public sealed class ExperimentRequestValidator(IOptions<FedBptOptions> options, DatasetStore datasets, TaskResolver tasks, ServerPaths paths)
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
            else if (errors.Count == 0 && CheckMemory(spec) is { } memoryError) Add(memoryError.Field, memoryError.Message);
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
            return paths.Redact(e.Message); // an uploaded dataset that no longer validates
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
            return paths.Redact(e.Message);
        }
    }

    /// <summary>The memory rule, with the model's sizes from its config.json; an unreadable config is the loader's to report.</summary>
    private SpecError? CheckMemory(ExperimentSpec spec)
    {
        var settings = options.Value;
        if (ContentRoots.Models(settings).Find(spec.Model) is not { } folder) return null;
        RobertaConfig config;
        try
        {
            config = RobertaConfig.Load(Path.Combine(folder, "config.json"));
        }
        catch (ModelLoadException)
        {
            return null;
        }
        var shape = ModelShape.Of(config, Engine.Runtime.Precision.Parse(settings.Precision));
        return RunMemory.Check(spec, shape, settings.MaxTokensPerForward, settings.MaxRunMemoryBytes);
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
