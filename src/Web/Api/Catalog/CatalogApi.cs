using FedBpt.Engine.Configuration;
using FedBpt.Engine.Data;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;
using FedBpt.Storage.Datasets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Api.Catalog;

/// <summary>What an experiment can be made of: the models and tasks the configured roots hold.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/models", Models).WithName("ListModels").WithTags("Catalog")
            .WithSummary("Model folders in the model roots, with their size from config.json.");
        api.MapGet("/tasks", Tasks).WithName("ListTasks").WithTags("Catalog")
            .WithSummary("Built-in tasks with the splits found in the data roots, and uploaded datasets.");
        return api;
    }

    private static Ok<ModelInfo[]> Models(IOptions<FedBptOptions> options)
    {
        var roots = ContentRoots.Models(options.Value);
        return TypedResults.Ok(roots.List().Select(name => Describe(name, roots.Find(name)!)).ToArray());
    }

    private static ModelInfo Describe(string name, string folder)
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
            return new ModelInfo(name, hasWeights, null, null, null, null, null, null, e.Message);
        }
    }

    private static async Task<Ok<TaskInfo[]>> Tasks(
        IOptions<FedBptOptions> options, SplitSummaryCache summaries, DatasetStore datasets, CancellationToken cancellationToken)
    {
        var roots = ContentRoots.Data(options.Value).Configured;
        var builtIn = TaskCatalog.All.Select(task => Describe(task, roots, summaries));
        var custom = (await datasets.ListAsync(cancellationToken)).Select(d =>
            new TaskInfo(d.Name, true, null, [], null, null, null, false, [new SplitInfo(d.FileName, d.Rows, [])], null));
        return TypedResults.Ok(builtIn.Concat(custom).ToArray());
    }

    private static TaskInfo Describe(TaskDefinition task, IReadOnlyList<string> roots, SplitSummaryCache summaries)
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
                error = e.Message; // one unreadable file must not hide the rest of the catalog
            }
        }
        return new TaskInfo(task.Name, false, task.Template, task.LabelWords, task.Metric == TaskMetric.F1 ? "f1" : "accuracy",
            task.TrainSplit, task.TestSplit, task.TextBColumn is not null, splits, error);
    }
}
