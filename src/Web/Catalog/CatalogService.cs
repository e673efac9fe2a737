using FedBpt.Engine.Configuration;
using FedBpt.Engine.Data;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;
using FedBpt.Storage.Datasets;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Catalog;

/// <summary>What an experiment can be made of: the models in the model roots, the built-in tasks found in the data roots and the uploaded datasets.</summary>
public sealed class CatalogService(
    IOptions<FedBptOptions> options, SplitSummaryCache summaries, DatasetStore datasets, TaskResolver tasks, Common.ServerPaths paths)
{
    public IReadOnlyList<ModelInfo> Models()
    {
        var roots = ContentRoots.Models(options.Value);
        return roots.List().Select(name => DescribeModel(name, roots.Find(name)!)).ToArray();
    }

    /// <summary>The model roots as configured (relative to appsettings.json's folder), for telling a user where to put a model.</summary>
    public IReadOnlyList<string> ModelRoots => ContentRoots.Models(options.Value).Names;

    /// <summary>The data roots as configured, for telling a user where to put a task's files.</summary>
    public IReadOnlyList<string> DataRoots => ContentRoots.Data(options.Value).Names;

    public async Task<IReadOnlyList<TaskInfo>> TasksAsync(CancellationToken cancellationToken = default)
    {
        var roots = ContentRoots.Data(options.Value).Configured;
        var result = TaskCatalog.All.Select(task => DescribeTask(task, roots, custom: false)).ToList();
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
        bool hasWeights = CheckpointLoader.FindWeights(folder) is not null;
        try
        {
            var c = RobertaConfig.Load(Path.Combine(folder, "config.json"));
            return new ModelInfo(name, hasWeights, c.NumHiddenLayers, c.HiddenSize, c.NumAttentionHeads, c.VocabSize,
                c.MaxSequenceLength, c.ParameterCount, null);
        }
        catch (ModelLoadException e)
        {
            return new ModelInfo(name, hasWeights, null, null, null, null, null, null, paths.Redact(e.Message));
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
        return new TaskInfo(task.Name, custom, task.Template, task.LabelWords, task.Metric == TaskMetric.F1 ? "f1" : "accuracy",
            task.TrainSplit, task.TestSplit, task.TextBColumn is not null, splits, error);
    }
}
