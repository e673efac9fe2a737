using FedBpt.Engine.Configuration;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Modeling;

namespace FedBpt.Web.Components.Runs;

/// <summary>The frozen model's size as its config.json gives it, and its weights' bytes at the configured precision.</summary>
public sealed record ModelFootprint(long Parameters, int BytesPerParameter, string Precision)
{
    public long WeightBytes => Parameters * BytesPerParameter;

    /// <summary>
    /// Null when the model folder or its config cannot be read (a deleted model, an unknown name, a Hub model not yet
    /// downloaded). <paramref name="hub"/> finds Hub models in the cache; without it only the model roots are searched.
    /// </summary>
    public static ModelFootprint? TryRead(FedBptOptions options, string model, HubModels? hub = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(model)) return null;
        try
        {
            var folder = hub is not null ? hub.FindCached(model)?.Folder : ContentRoots.IsSafeName(model) ? ContentRoots.Models(options).Find(model) : null;
            if (folder is null) return null;
            var config = MaskedLmConfig.Load(Path.Combine(folder, "config.json"));
            var precision = (options.Precision ?? "float32").Trim().ToLowerInvariant();
            int bytes = precision is "bfloat16" or "bf16" or "float16" or "fp16" ? 2 : 4;
            return new ModelFootprint(config.ParameterCount, bytes, bytes == 2 ? precision : "float32");
        }
        catch (Exception e) when (e is ModelLoadException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
