using FedBpt.Engine.Data;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Tasks;

namespace FedBpt.Cli;

/// <summary>
/// Errors caused by the user's input (a bad spec, a missing model or file, a malformed dataset) are
/// printed as plain messages; anything else is a bug and keeps its stack trace.
/// </summary>
internal static class UserErrors
{
    public static string? Describe(Exception e) => e switch
    {
        SpecValidationException s => "error: invalid experiment spec\n" + string.Join("\n", s.Errors.Select(x => $"  {x.Field}: {x.Message}")),
        OperationCanceledException => "cancelled",
        ModelLoadException or TaskDefinitionException or DataFormatException or InvalidDataException or HubException
            or DirectoryNotFoundException or FileNotFoundException or KeyNotFoundException or ArgumentException => "error: " + e.Message,
        _ => null,
    };
}
