namespace FedBpt.Engine.Configuration;

/// <summary>
/// Where the shared <c>appsettings.json</c> is, for the service and the CLI alike: the nearest one walking up from the
/// current directory, then from the executable's folder (the build output has no copy, so a run from bin/ finds the
/// checkout's file).
/// </summary>
public static class SettingsFile
{
    public const string Name = "appsettings.json";

    /// <summary>The folder that holds the nearest appsettings.json, or null when there is none.</summary>
    public static string? FindFolder() => FindUpwards(Directory.GetCurrentDirectory()) ?? FindUpwards(AppContext.BaseDirectory);

    private static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Name))) return dir.FullName;
        }
        return null;
    }
}
