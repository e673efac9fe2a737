using FedBpt.Engine.Configuration;
using FedBpt.Engine.Data;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;
using FedBpt.Engine.Text;
using FedBpt.Storage.Datasets;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Catalog;

/// <summary>
/// What an experiment can be made of: the models in the model roots and the Hugging Face cache, the built-in tasks
/// found in the data roots or the cache (or still to come from the Hub) and the uploaded datasets. Nothing here asks the Hub.
/// </summary>
public sealed class CatalogService(
    IOptions<FedBptOptions> options, SplitSummaryCache summaries, DatasetStore datasets, TaskResolver tasks, HubAccess hub,
    Common.ServerPaths paths)
{
    public IReadOnlyList<ModelInfo> Models()
    {
        var roots = ContentRoots.Models(options.Value);
        var local = roots.List().Select(name => DescribeModel(name, roots.Find(name)!)).ToArray();
        var cached = hub.Files.Cache.ListRefs(HubRepoType.Model)
            .Select(r => (Name: r.Repo.ToString(), Folder: hub.Files.Cache.SnapshotFolder(r.Repo, r.Commit)))
            .Where(m => HubModels.IsUsable(m.Folder) && local.All(l => l.Name != m.Name))
            .Select(m => DescribeModel(m.Name, m.Folder) with { FromHub = true });
        return [.. local, .. cached];
    }

    /// <summary>The Hugging Face cache models come from and go to.</summary>
    public string HubCache => hub.Settings.Cache;

    /// <summary>The model roots as configured (relative to appsettings.json's folder), for telling a user where to put a model.</summary>
    public IReadOnlyList<string> ModelRoots => ContentRoots.Models(options.Value).Names;

    /// <summary>The data roots as configured, for telling a user where to put a task's files.</summary>
    public IReadOnlyList<string> DataRoots => ContentRoots.Data(options.Value).Names;

    public async Task<IReadOnlyList<TaskInfo>> TasksAsync(CancellationToken cancellationToken = default)
    {
        var roots = ContentRoots.Data(options.Value).Configured;
        var result = TaskCatalog.All.Select(task => DescribeTask(hub.Datasets.WithCached(task, roots), roots, custom: false)).ToList();
        foreach (var summary in await datasets.ListAsync(cancellationToken))
        {
            try
            {
                var dataset = await datasets.GetAsync(summary.Name, cancellationToken);
                if (dataset is null) continue; // deleted meanwhile
                result.Add(DescribeTask(tasks.Define(dataset), roots, custom: true));
            }
            catch (TaskDefinitionException e)
            {
                result.Add(new TaskInfo(summary.Name, true, null, [], null, null, null, false, [], paths.Redact(e.Message)));
            }
        }
        return result;
    }

    private ModelInfo DescribeModel(string name, string folder)
    {
        bool hasWeights = WeightsLoader.FindWeights(folder) is not null;
        string? tokenizer = ModelTokenizers.KindOf(folder)?.DisplayName();
        try
        {
            var c = MaskedLmConfig.Load(Path.Combine(folder, "config.json"));
            return new ModelInfo(name, hasWeights, c.NumHiddenLayers, c.HiddenSize, c.NumAttentionHeads, c.VocabSize,
                c.MaxSequenceLength, c.ParameterCount, null) { Family = c.Family.DisplayName(), Tokenizer = tokenizer };
        }
        catch (ModelLoadException e)
        {
            return new ModelInfo(name, hasWeights, null, null, null, null, null, null, paths.Redact(e.Message)) { Tokenizer = tokenizer };
        }
    }

    private TaskInfo DescribeTask(TaskDefinition task, IReadOnlyList<string> roots, bool custom)
    {
        var splits = new List<SplitInfo>();
        string? error = null;
        foreach (var split in DatasetLoader.AvailableSplits(task, roots))
        {
            try
            {
                var summary = summaries.Get(task, split, DatasetLoader.ResolvePath(task, split, roots));
                splits.Add(new SplitInfo(split, summary.Rows, summary.LabelCounts));
            }
            catch (Exception e) when (e is DataFormatException or IOException)
            {
                error = paths.Redact(e.Message); // one unreadable file must not hide the rest of the catalog
            }
        }
        var fromHub = !custom && !hub.Settings.Offline && HubDatasetSource.Of(task.Name) is { } source ? source.Repo : null;
        return new TaskInfo(task.Name, custom, task.Template, task.LabelWords, task.Metric == TaskMetric.F1 ? "f1" : "accuracy",
            task.TrainSplit, task.TestSplit, task.TextBColumn is not null, splits, error, fromHub);
    }
}
