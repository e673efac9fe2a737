using System.Text.RegularExpressions;
using FedBpt.Engine.Configuration;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Tracking.Mlflow;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Configuration;

/// <summary>Checks the <c>FedBpt</c> section at start-up, so a typo stops the app instead of failing the first run.</summary>
public sealed partial class FedBptOptionsValidator : IValidateOptions<FedBptOptions>
{
    public ValidateOptionsResult Validate(string? name, FedBptOptions options)
    {
        var errors = new List<string>();
        if (options.ModelRoots.Count == 0 || options.ModelRoots.Any(string.IsNullOrWhiteSpace))
            errors.Add("FedBpt:ModelRoots must list at least one folder, with no empty entries.");
        if (options.DataRoots.Count == 0 || options.DataRoots.Any(string.IsNullOrWhiteSpace))
            errors.Add("FedBpt:DataRoots must list at least one folder, with no empty entries.");
        if (!DevicePattern().IsMatch(options.Device ?? ""))
            errors.Add($"FedBpt:Device '{options.Device}' is not one of auto, cpu, cuda or cuda:N.");
        foreach (var device in options.Devices.Where(d => !DevicePattern().IsMatch(d ?? "")))
            errors.Add($"FedBpt:Devices has '{device}', which is not one of auto, cpu, cuda or cuda:N.");
        if (options.Devices.Count > 64)
            errors.Add($"FedBpt:Devices lists {options.Devices.Count} devices; at most 64 (one model copy each).");
        if (options.Workers is < 1 or > 64)
            errors.Add($"FedBpt:Workers is {options.Workers}; it must be between 1 and 64 (experiments run at once).");
        if (options.Threads < 0)
            errors.Add($"FedBpt:Threads is {options.Threads}; use 0 for one per core, or a positive count.");
        if (options.MaxTokensPerForward < 64)
            errors.Add($"FedBpt:MaxTokensPerForward is {options.MaxTokensPerForward}; it must be at least 64.");
        if (options.MaxUploadBytes is < 1024 or > 1L << 30)
            errors.Add($"FedBpt:MaxUploadBytes is {options.MaxUploadBytes}; it must be between 1024 and 1073741824 bytes.");
        if (options.MaxRunMemoryBytes < 1L << 27)
            errors.Add($"FedBpt:MaxRunMemoryBytes is {options.MaxRunMemoryBytes}; it must be at least 134217728 bytes (128 MiB).");
        if (options.StoreRetrySeconds is < 1 or > 3600)
            errors.Add($"FedBpt:StoreRetrySeconds is {options.StoreRetrySeconds}; it must be between 1 and 3600.");
        if (options.Hub.TimeoutSeconds is < 1 or > 600)
            errors.Add($"FedBpt:Hub:TimeoutSeconds is {options.Hub.TimeoutSeconds}; it must be between 1 and 600.");
        try
        {
            HubSettings.Resolve(options.Hub, options.BasePath ?? Directory.GetCurrentDirectory());
        }
        catch (ArgumentException e)
        {
            errors.Add(e.Message);
        }
        try
        {
            MlflowSettings.Resolve(options.Mlflow);
        }
        catch (ArgumentException e)
        {
            errors.Add(e.Message);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^\s*(auto|cpu|cuda|cuda:\d+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DevicePattern();
}
