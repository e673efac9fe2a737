using System.Text.Json;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Data;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;
using FedBpt.Engine.Text;
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
/// types), ranges and consistency; that its task (built-in or uploaded) is known and its data files are present or can come
/// from the Hub; that its model is a folder with weights inside the model roots, a Hub model in the cache, or (online)
/// a repository the Hub has; that the task's label words are whole tokens of that model's vocabulary; and that the run
/// fits in FedBpt:MaxRunMemoryBytes with that model (<see cref="RunMemory"/>). Errors are keyed by the spec's camelCase
/// field names, and name files by their root as configured, never the server's absolute paths.
/// </summary>
public sealed class ExperimentRequestValidator(
    IOptions<FedBptOptions> options, DatasetStore datasets, TaskResolver tasks, HubAccess hub, TokenizerSource tokenizers, ServerPaths paths)
{
    /// <summary>A request as the API takes it: the spec as JSON, parsed here (the boundary), then checked as a typed one is.</summary>
    public async Task<(ValidExperiment? Experiment, IDictionary<string, string[]> Errors)> ValidateAsync(
        CreateExperimentRequest request, CancellationToken cancellationToken)
    {
        var errors = CheckNameAndQueue(request.Name, request.Queue, out var name);
        ExperimentSpec? spec = null;
        if (request.Spec is not { ValueKind: not JsonValueKind.Null } json)
        {
            Add(errors, "spec", "is required: an object with the experiment's settings (omitted keys take the reference defaults).");
        }
        else
        {
            try
            {
                spec = ExperimentSpec.FromJson(json.GetRawText());
            }
            catch (SpecValidationException e)
            {
                foreach (var error in e.Errors) Add(errors, FieldOf(error), error.Message);
            }
        }
        return await CheckSpecAsync(name, spec, errors, cancellationToken);
    }

    /// <summary>A parsed spec, as the dashboard's form holds it, with its run name and queue.</summary>
    public async Task<(ValidExperiment? Experiment, IDictionary<string, string[]> Errors)> ValidateAsync(
        string? name, ExperimentSpec spec, string? queue, CancellationToken cancellationToken)
    {
        var errors = CheckNameAndQueue(name, queue, out var trimmed);
        return await CheckSpecAsync(trimmed, spec, errors, cancellationToken);
    }

    private static Dictionary<string, List<string>> CheckNameAndQueue(string? requestedName, string? queue, out string name)
    {
        var errors = new Dictionary<string, List<string>>();
        name = requestedName?.Trim() ?? "";
        if (name.Length == 0) Add(errors, "name", "is required.");
        else if (name.Length > FieldLengths.Name) Add(errors, "name", $"must be at most {FieldLengths.Name} characters.");
        if (queue is not null && Configuration.ScaleOutOptions.CheckQueue(queue) is { } queueError) Add(errors, "queue", queueError);
        return errors;
    }

    private async Task<(ValidExperiment? Experiment, IDictionary<string, string[]> Errors)> CheckSpecAsync(
        string name, ExperimentSpec? parsed, Dictionary<string, List<string>> errors, CancellationToken cancellationToken)
    {
        void Add(string field, string message) => ExperimentRequestValidator.Add(errors, field, message);

        var spec = parsed?.Normalized();
        if (spec is not null)
        {
            foreach (var error in spec.Validate()) Add(FieldOf(error), error.Message);
            if (!string.IsNullOrWhiteSpace(spec.Task) && await CheckTaskAsync(spec.Task, cancellationToken) is { } taskError) Add("task", taskError);
            if (!string.IsNullOrWhiteSpace(spec.Model) && await CheckModelAsync(spec.Model, cancellationToken) is { } modelError) Add("model", modelError);
            if (!errors.ContainsKey("task") && !errors.ContainsKey("model") && await CheckWordsAsync(spec, cancellationToken) is { } wordsError)
                Add("task", wordsError);
            if (errors.Count == 0 && CheckMemory(spec) is { } memoryError) Add(memoryError.Field, memoryError.Message);
        }

        var result = errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        return (result.Count == 0 ? new ValidExperiment(name, spec!) : null, result);
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message) =>
        (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

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
        return (hub.Datasets.Unavailable(task, task.TrainSplit, roots) ?? hub.Datasets.Unavailable(task, task.TestSplit, roots)) is { } missing
            ? paths.Redact(missing)
            : null;
    }

    /// <summary>The task's verbalizer against the model's own tokenizer (a WordPiece model takes whole words only).</summary>
    private async Task<string?> CheckWordsAsync(ExperimentSpec spec, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(spec.Task) || string.IsNullOrWhiteSpace(spec.Model)) return null;
        if (tokenizers.ForModel(spec.Model) is not { } tokenizer || await tasks.FindAsync(spec.Task, cancellationToken) is not { } task) return null;
        try
        {
            _ = new TaskEncoder(tokenizer, task, spec.CatOrAdd, spec.NPromptTokens, spec.VerbalizerLeadingSpace);
            return null;
        }
        catch (TaskDefinitionException e)
        {
            return $"{paths.Redact(e.Message)} (model '{spec.Model}', {tokenizer.Kind.DisplayName()} tokenizer)";
        }
    }

    /// <summary>The memory rule, with the model's sizes from its config.json (a local or cached model; a Hub model not yet
    /// downloaded is checked by the job once it is); an unreadable config is the loader's to report.</summary>
    private SpecError? CheckMemory(ExperimentSpec spec)
    {
        var settings = options.Value;
        if (hub.Models.FindCached(spec.Model)?.Folder is not { } folder) return null;
        MaskedLmConfig config;
        try
        {
            config = MaskedLmConfig.Load(Path.Combine(folder, "config.json"));
        }
        catch (ModelLoadException)
        {
            return null;
        }
        var shape = ModelShape.Of(config, Engine.Runtime.Precision.Parse(settings.Precision));
        return RunMemory.Check(spec, shape, settings.MaxTokensPerForward, settings.MaxRunMemoryBytes,
            devices: Engine.Runtime.RunDevices.Configured(settings).Count);
    }

    /// <summary>
    /// A model-root folder needs weights; any other name must be a Hub repository id, usable from the cache or, online,
    /// one the Hub has (a HEAD on its config.json, so a typo is refused here rather than failing the run).
    /// </summary>
    private async Task<string?> CheckModelAsync(string name, CancellationToken cancellationToken)
    {
        var roots = ContentRoots.Models(options.Value);
        if (hub.Models.FindLocal(name) is { } folder)
        {
            return WeightsLoader.FindWeights(folder) is null
                ? $"'{name}' has no weights ({string.Join(" or ", WeightsLoader.WeightFiles)})."
                : null;
        }
        if (!HubRepo.TryParse(name, HubRepoType.Model, out var repo, out _))
        {
            return $"'{name}' is neither a folder in the model roots (no '/', '\\' or '..') nor a Hugging Face repository id (org/name[@revision]). "
                + $"Available models: {string.Join(", ", roots.List())}.";
        }
        if (hub.Models.FindCached(name) is not null) return null;
        if (hub.Settings.Offline)
        {
            return $"'{name}' is not in the model roots, and offline (HF_HUB_OFFLINE or FedBpt:Hub:Offline) it cannot come from the Hub: "
                + $"the Hugging Face cache ({paths.Redact(hub.Files.Cache.RepoFolder(repo))}) does not hold it. Available models: {string.Join(", ", roots.List())}.";
        }
        try
        {
            await hub.Files.Client.HeadAsync(repo, HubModels.ConfigFile, cancellationToken);
            return null;
        }
        catch (HubException e)
        {
            return $"'{name}' is not in the model roots, and it cannot come from the Hub: {e.Message}";
        }
    }

    /// <summary>Errors about the spec as a whole (an empty field) are reported under "spec".</summary>
    private static string FieldOf(SpecError error) => error.Field.Length == 0 ? "spec" : error.Field;
}
