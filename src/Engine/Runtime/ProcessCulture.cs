using System.Globalization;

namespace FedBpt.Engine.Runtime;

/// <summary>
/// Numbers in logs, files and the console must not depend on the machine's LANG (de_DE would write 0,4908): the CLI
/// and the service make the invariant culture every thread's default at start. ICU stays on (InvariantGlobalization is
/// off for WordPiece's accent stripping), so only the defaults change.
/// </summary>
public static class ProcessCulture
{
    public static void UseInvariant()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
    }
}
