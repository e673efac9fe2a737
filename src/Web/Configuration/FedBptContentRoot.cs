namespace FedBpt.Web.Configuration;

/// <summary>
/// The app's content root is the folder that holds the shared <c>appsettings.json</c> (the repository root in a
/// checkout, the publish folder when published), not the project folder: the CLI reads the same file, and the
/// relative database path, model/data roots and <c>wwwroot/</c> all resolve against it.
/// </summary>
public static class FedBptContentRoot
{
    public const string SettingsFile = Engine.Configuration.SettingsFile.Name;

    /// <summary>Builder options with the content root set; command-line arguments are kept.</summary>
    public static WebApplicationOptions Options(string[] args) => new() { Args = args, ContentRootPath = Find() };

    /// <summary>The folder of the nearest appsettings.json (<see cref="Engine.Configuration.SettingsFile"/>), else the current directory.</summary>
    public static string Find() => Engine.Configuration.SettingsFile.FindFolder() ?? Directory.GetCurrentDirectory();
}
