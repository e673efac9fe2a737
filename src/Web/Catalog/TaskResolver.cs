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
    private readonly ConcurrentDictionary<(int Id, string Train), TaskDefinition> _custom = new();

    /// <summary>The task called <paramref name="name"/>, or null when there is no such task or dataset.</summary>
    /// <exception cref="TaskDefinitionException">An uploaded dataset no longer validates (no tokenizer in the model roots).</exception>
    public async Task<TaskDefinition?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        if (TaskCatalog.TryGet(name, out var builtIn)) return builtIn;
        return await datasets.GetAsync(name, cancellationToken) is { } dataset ? Define(dataset) : null;
    }

    /// <summary>The task an uploaded dataset defines, over its files written to the cache.</summary>
    public TaskDefinition Define(Dataset dataset)
    {
        var (train, test) = files.Write(dataset);
        return _custom.GetOrAdd((dataset.Id, train), _ =>
        {
            var tokenizer = tokenizers.Find() ?? throw new TaskDefinitionException(tokenizers.Missing);
            return CustomTaskDefinition.Create(DatasetDefinition.FromJson(dataset.DefinitionJson).ToSpec(dataset.Name, train, test), tokenizer);
        });
    }
}
