using FedBpt.Cli.Commands;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Tasks;

namespace FedBpt.Cli;

/// <summary>
/// Models and task data for the commands: a model folder path as given, else a model-root folder, else the Hub
/// (downloaded into the Hugging Face cache with a progress line); a built-in task's splits that no data root holds
/// come from the Hub too. Where each came from is said on stderr.
/// </summary>
internal static class CliHub
{
    public static string ResolveModel(string model, FedBptOptions options, CancellationToken cancellationToken)
    {
        if (Directory.Exists(model)) return Path.GetFullPath(model);
        using var hub = HubAccess.Create(options);
        var resolved = hub.Models.ResolveAsync(model, new DownloadProgressLine(), cancellationToken).GetAwaiter().GetResult();
        if (resolved.FromHub) Console.Error.WriteLine($"model {Describe(resolved.Repo!, resolved.Commit!, resolved.DownloadedFiles, resolved.DownloadedBytes)}: {resolved.Folder}");
        return resolved.Folder;
    }

    /// <summary>The task with its missing splits taken from the Hub (<paramref name="splits"/>: default its train and test splits).</summary>
    public static TaskDefinition ResolveTask(TaskDefinition task, IReadOnlyList<string> dataRoots, FedBptOptions options, CancellationToken cancellationToken,
        IReadOnlyList<string>? splits = null)
    {
        using var hub = HubAccess.Create(options);
        var resolved = hub.Datasets.ResolveAsync(task, dataRoots, new DownloadProgressLine(), cancellationToken, splits).GetAwaiter().GetResult();
        foreach (var split in resolved.FromHub)
            Console.Error.WriteLine($"data {task.Name} {split.Split} {Describe(split.Repo, split.Commit, split.DownloadedFiles, split.DownloadedBytes)}: {split.Folder}");
        return resolved.Task;
    }

    public static string Describe(HubRepo repo, string commit, int files, long bytes) =>
        $"{repo.Id}@{commit[..7]}: " + (files == 0
            ? "in the Hugging Face cache, nothing downloaded"
            : $"downloaded {files} file(s), {DownloadProgressLine.Bytes(bytes)}");
}
