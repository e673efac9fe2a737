using System.Collections.Concurrent;
using FedBpt.Engine.Tasks;
using FedBpt.Storage.Datasets;
using FedBpt.Storage.Entities;

namespace FedBpt.Web.Catalog;

/// <summary>
/// Turns a spec's task name into a task: a built-in one (its files come from the data roots) or an uploaded
/// dataset (its files are written from the database). The one place experiments, predictions and the catalog
/// look tasks up.
/// </summary>
public sealed class TaskResolver(DatasetStore datasets, DatasetFiles files, TokenizerSource tokenizers)
{
    // An uploaded dataset never changes (no update, and a re-upload is a new row with a new creation time), so
    // its task is built once; the files are written again only if the cache folder was cleaned meanwhile.
    private readonly ConcurrentDictionary<(int Id, DateTime Created), TaskDefinition> _custom = new();

    /// <summary>The task called <paramref name="name"/>, or null when there is no such task or dataset.</summary>
    /// <exception cref="TaskDefinitionException">An uploaded dataset no longer validates (no installed model's tokenizer takes its words).</exception>
    public async Task<TaskDefinition?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        if (TaskCatalog.TryGet(name, out var builtIn)) return builtIn;
        return await datasets.GetAsync(name, cancellationToken) is { } dataset ? Define(dataset) : null;
    }

    /// <summary>The task an uploaded dataset defines, over its files written to the cache.</summary>
    public TaskDefinition Define(Dataset dataset)
    {
        var key = (dataset.Id, dataset.CreatedUtc);
        if (_custom.TryGetValue(key, out var known) && known.SplitFiles.Values.All(File.Exists)) return known;
        var definition = DatasetDefinition.FromJson(dataset.DefinitionJson);
        var tokenizer = tokenizers.FindAccepting(definition.Labels ?? [], out var problem)
            ?? throw new TaskDefinitionException($"Dataset '{dataset.Name}': {problem}");
        var (train, test) = files.Write(dataset);
        var task = CustomTaskDefinition.Create(definition.ToSpec(dataset.Name, train, test), tokenizer);
        _custom[key] = task;
        return task;
    }
}
