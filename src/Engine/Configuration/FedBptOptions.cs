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

    /// <summary>
    /// Several devices for each run (e.g. <c>["cuda:0","cuda:1"]</c>; entries as for <see cref="Device"/>, repeats
    /// allowed): one model copy per entry, a round's clients spread over them. Empty: the one <see cref="Device"/>.
    /// </summary>
    public List<string> Devices { get; set; } = [];

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

    /// <summary>
    /// Most memory one run may need (projection, CMA-ES covariances, activations, model weights; see
    /// <c>RunMemory</c>); a spec over it is refused with the estimate. 8 GiB by default: roberta-large at the paper's
    /// settings needs about 3.4 GiB. With several <see cref="Workers"/> the runs add up.
    /// </summary>
    public long MaxRunMemoryBytes { get; set; } = 8L << 30;

    /// <summary>
    /// How long a run retries a write the database refuses (disk full, read-only, locked) before it gives its lease
    /// back and waits, resumable, for the database to take writes again.
    /// </summary>
    public int StoreRetrySeconds { get; set; } = 120;

    /// <summary>Folder that relative roots are resolved against (set by the host: where appsettings.json lives).</summary>
    public string? BasePath { get; set; }
}
