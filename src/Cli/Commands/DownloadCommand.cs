using System.CommandLine;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Tasks;

namespace FedBpt.Cli.Commands;

/// <summary>
/// <c>fedbpt download MODEL_OR_TASK</c>: a model repository (<c>org/name[@revision]</c>) or a built-in task's dataset
/// into the Hugging Face cache, asking the Hub for the revision's latest commit; prints the snapshot folder(s).
/// </summary>
internal static class DownloadCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "A Hub model (org/name, optionally @revision) or a built-in task (sst2, agnews, …)." };
        var command = new Command("download", "Download a model or a task's dataset from the Hugging Face Hub into the shared Hugging Face cache.") { name };
        command.SetAction(async (parse, cancel) =>
        {
            var options = CliSettings.Load();
            using var hub = HubAccess.Create(options);
            var what = parse.GetValue(name)!.Trim();
            var progress = new DownloadProgressLine();
            if (TaskCatalog.TryGet(what, out var task) && HubDatasetSource.Of(task.Name) is { } source)
            {
                foreach (var split in await hub.Datasets.DownloadAsync(task, progress, cancel))
                {
                    Console.Error.WriteLine($"data {task.Name} {split.Split} ({source.Config}/{source.Splits[split.Split]}) "
                        + CliHub.Describe(split.Repo, split.Commit, split.DownloadedFiles, split.DownloadedBytes));
                    Console.WriteLine(split.Folder);
                }
                return 0;
            }
            if (hub.Models.FindLocal(what) is { } local)
            {
                Console.Error.WriteLine($"'{what}' is a folder in the model roots ({local}): it is used as it is, nothing to download.");
                Console.WriteLine(local);
                return 0;
            }
            var model = await hub.Models.ResolveAsync(what, progress, cancel, refresh: true);
            Console.Error.WriteLine($"model {CliHub.Describe(model.Repo!, model.Commit!, model.DownloadedFiles, model.DownloadedBytes)} (cache {hub.Settings.Cache})");
            Console.WriteLine(model.Folder);
            return 0;
        });
        return command;
    }
}
