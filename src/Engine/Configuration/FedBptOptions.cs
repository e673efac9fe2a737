using FedBpt.Engine.Hub;

namespace FedBpt.Engine.Configuration;

/// <summary>The <c>FedBpt</c> configuration section (appsettings.json, environment, command line).</summary>
public sealed class FedBptOptions
{
    public const string Section = "FedBpt";

    /// <summary>Folders that hold model folders (config.json + weights + vocab.json/merges.txt), searched in order.</summary>
    public List<string> ModelRoots { get; set; } = [];

    /// <summary>Folders that hold one folder per task with its TSV splits, searched in order.</summary>
    public List<string> DataRoots { get; set; } = [];

    /// <summary><c>auto</c> (CUDA when available), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Experiments that may run at once (each loads its model onto the device).</summary>
    public int Workers { get; set; } = 1;

    /// <summary><c>float32</c> (default, matches PyTorch) or <c>bfloat16</c> (faster on AVX512-BF16 CPUs and GPUs).</summary>
    public string Precision { get; set; } = "float32";

    /// <summary>libtorch intra-op threads; 0 = one per core.</summary>
    public int Threads { get; set; }

    /// <summary>Largest padded batch (tokens) one forward may take; bounds activation memory.</summary>
    public int MaxTokensPerForward { get; set; } = 16384;

    /// <summary>Largest custom-dataset upload (training plus test file), in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The Hugging Face Hub and its cache (<c>FedBpt:Hub:*</c>; unset values come from the <c>HF_*</c> variables).</summary>
    public HubOptions Hub { get; set; } = new();
    /// <summary>TensorBoard event files of service runs (opt-in).</summary>
    public TensorBoardOptions TensorBoard { get; set; } = new();

    /// <summary>MLflow tracking (opt-in).</summary>
    public MlflowOptions Mlflow { get; set; } = new();

    /// <summary>Folder that relative roots are resolved against (set by the host: where appsettings.json lives).</summary>
    public string? BasePath { get; set; }
}
