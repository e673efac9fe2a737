namespace FedBpt.Engine.Hub;

/// <summary>
/// Where a built-in task's data lives on the Hub: a dataset repository, the configuration of its Parquet
/// conversion (<c>refs/convert/parquet</c>), and the Hub's name for each of the task's splits.
/// </summary>
public sealed record HubDatasetSource(string Repo, string Config, IReadOnlyDictionary<string, string> Splits)
{
    private static readonly Dictionary<string, string> TrainTest = new() { ["train"] = "train", ["test"] = "test" };
    private static readonly Dictionary<string, string> Glue = new() { ["train"] = "train", ["dev"] = "validation", ["test"] = "test" };

    /// <summary>The built-in tasks' datasets (their columns are the tasks' own column names).</summary>
    public static IReadOnlyDictionary<string, HubDatasetSource> BuiltIn { get; } = new Dictionary<string, HubDatasetSource>(StringComparer.OrdinalIgnoreCase)
    {
        ["sst2"] = new("nyu-mll/glue", "sst2", Glue),
        ["mrpc"] = new("nyu-mll/glue", "mrpc", Glue),
        ["rte"] = new("nyu-mll/glue", "rte", Glue),
        ["agnews"] = new("fancyzhx/ag_news", "default", TrainTest),
        ["yelpp"] = new("fancyzhx/yelp_polarity", "plain_text", TrainTest),
        ["dbpedia"] = new("fancyzhx/dbpedia_14", "dbpedia_14", TrainTest),
        ["snli"] = new("stanfordnlp/snli", "plain_text", Glue),
    };

    public static HubDatasetSource? Of(string task) => BuiltIn.GetValueOrDefault(task);
}
