namespace FedBpt.Web.Configuration;

/// <summary>
/// The app's content root is the folder that holds the shared <c>appsettings.json</c> (the repository root in a
/// checkout, the publish folder when published), not the project folder: the CLI reads the same file, and the
/// relative database path, model/data roots and <c>wwwroot/</c> all resolve against it.
/// </summary>
public static class FedBptContentRoot
{
    public const string SettingsFile = "appsettings.json";

    /// <summary>Builder options with the content root set; command-line arguments are kept.</summary>
    public static WebApplicationOptions Options(string[] args) => new() { Args = args, ContentRootPath = Find() };

    /// <summary>
    /// The nearest folder with an appsettings.json, walking up from the current directory and then from the
    /// executable's folder (the build output does not get a copy, so a run from bin/ finds the checkout's file).
    /// </summary>
    public static string Find() =>
        FindUpwards(Directory.GetCurrentDirectory()) ?? FindUpwards(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory();

    private static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SettingsFile))) return dir.FullName;
        }
        return null;
    }
}
