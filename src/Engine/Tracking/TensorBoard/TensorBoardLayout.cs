using System.Globalization;
using System.Text;

namespace FedBpt.Engine.Tracking.TensorBoard;

/// <summary>
/// Where event files go, as NVFlare's FedBPT lays them out: <c>&lt;run&gt;/tb_events/site-1/events.out.tfevents…</c>
/// (its server receives site-1's global test accuracy). Point TensorBoard's <c>--logdir</c> at <c>tb_events</c>, or at
/// the folder above several runs.
/// </summary>
public static class TensorBoardLayout
{
    public const string EventsFolder = "tb_events";
    public const string Site = "site-1";

    /// <summary>The folder that holds a run's event file.</summary>
    public static string SiteFolder(string runFolder) => Path.Combine(runFolder, EventsFolder, Site);

    /// <summary>
    /// A service run's folder name under <c>FedBpt:TensorBoard:Directory</c>: the id (unique, so stable) and a slug of
    /// the name (readable in TensorBoard's run list), e.g. <c>12-sst2-quick-demo</c>.
    /// </summary>
    public static string ExperimentFolderName(int id, string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            if (slug.Length == 40) break;
        }
        var trimmed = slug.ToString().Trim('-');
        return trimmed.Length == 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{id}-{trimmed}");
    }
}
