using FedBpt.Engine.Configuration;
using FedBpt.Engine.Modeling;

namespace FedBpt.Web.Components.Runs;

/// <summary>The frozen model's size as its config.json gives it, and its weights' bytes at the configured precision.</summary>
public sealed record ModelFootprint(long Parameters, int BytesPerParameter, string Precision)
{
    public long WeightBytes => Parameters * BytesPerParameter;

    /// <summary>Null when the model folder or its config cannot be read (a deleted model, an unknown name).</summary>
    public static ModelFootprint? TryRead(FedBptOptions options, string model)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(model) || !ContentRoots.IsSafeName(model)) return null;
        try
        {
            if (ContentRoots.Models(options).Find(model) is not { } folder) return null;
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
