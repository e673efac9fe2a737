namespace FedBpt.Tests.Common;

/// <summary>
/// Locates the read-only assets beside the repository (`../shared`: data, models, fixtures).
/// Override with the FEDBPT_SHARED environment variable.
/// </summary>
public static class SharedPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Shared { get; } =
        Environment.GetEnvironmentVariable("FEDBPT_SHARED") is { Length: > 0 } s
            ? Path.GetFullPath(s)
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string Models => Path.Combine(Shared, "models");
    public static string Data => Path.Combine(Shared, "data");
    public static string Fixtures => Path.Combine(Shared, "fixtures");
    public static string TinyModel => Path.Combine(Models, "tiny-roberta-mlm");
    public static string Tokenizer => Path.Combine(Models, "roberta-tokenizer");
    public static string ParityFixture => Path.Combine(Fixtures, "roberta-parity.json");

    /// <summary>The pretrained BERT-family model (MiniLM encoder with an MLM head) and its PyTorch outputs.</summary>
    public static string MiniLmModel => Path.Combine(Models, "minilm-mlm");
    public static string BertParityFixture => Path.Combine(Fixtures, "bert-parity.json");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FedBpt.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("FedBpt.sln not found above " + AppContext.BaseDirectory);
    }
}
