using FedBpt.Engine.Configuration;
using Microsoft.Extensions.Configuration;

namespace FedBpt.Cli;

/// <summary>
/// The CLI reads the same configuration as the web app: the repository's appsettings.json (found by
/// walking up from the current folder, then from the executable), then FedBpt__* environment
/// variables. Relative roots resolve against the folder that holds appsettings.json.
/// </summary>
internal static class CliSettings
{
    public static FedBptOptions Load()
    {
        var file = SettingsFile.FindFolder() is { } folder ? Path.Combine(folder, SettingsFile.Name) : null;
        var builder = new ConfigurationBuilder();
        if (file is not null) builder.AddJsonFile(file, optional: false);
        builder.AddEnvironmentVariables();
        var options = new FedBptOptions();
        builder.Build().GetSection(FedBptOptions.Section).Bind(options);
        options.BasePath ??= file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(file);
        return options;
    }

    /// <summary>The data roots to search: <paramref name="dataRoot"/> alone when given, else the configured ones.</summary>
    public static IReadOnlyList<string> DataRoots(FedBptOptions options, string? dataRoot) =>
        dataRoot is not null ? [Path.GetFullPath(dataRoot)] : ContentRoots.Data(options).Configured;
}
