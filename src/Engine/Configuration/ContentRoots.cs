namespace FedBpt.Engine.Configuration;

/// <summary>
/// Resolves model and dataset names inside the configured roots. A name is a single folder name:
/// anything that could climb out of a root (separators, "..", rooted paths) is refused, so a request
/// can never reach files outside the roots.
/// </summary>
public sealed class ContentRoots
{
    public ContentRoots(IEnumerable<string> roots, string basePath)
    {
        var named = roots.Select(r => (Path: Path.GetFullPath(Path.Combine(basePath, r)), Name: r.Trim()))
            .DistinctBy(r => r.Path).ToArray();
        Configured = named.Select(r => r.Path).ToArray();
        Names = named.Select(r => r.Name).ToArray();
    }

    /// <summary>Every configured root, absolute, in search order (whether or not it exists).</summary>
    public IReadOnlyList<string> Configured { get; }

    /// <summary>The roots as the configuration writes them (usually relative): what messages show, never the server's absolute paths.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// <paramref name="message"/> with every absolute root path in it replaced by the root's configured name, so a
    /// file is shown as "../shared/data/snli/train.tsv" rather than where the server keeps it.
    /// </summary>
    public string Redact(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Longest first: a root nested in another must be replaced before its parent.
        foreach (var (path, name) in Configured.Zip(Names).OrderByDescending(r => r.First.Length))
        {
            message = message.Replace(path.TrimEnd(Path.DirectorySeparatorChar), name.TrimEnd('/', Path.DirectorySeparatorChar), StringComparison.Ordinal);
        }
        return message;
    }

    /// <summary>The configured roots that exist.</summary>
    public IReadOnlyList<string> Existing => Configured.Where(Directory.Exists).ToArray();

    public static ContentRoots Models(FedBptOptions o) => new(o.ModelRoots, BaseOf(o));

    public static ContentRoots Data(FedBptOptions o) => new(o.DataRoots, BaseOf(o));

    /// <summary>The folder <paramref name="name"/> in the first root that has it, or null.</summary>
    public string? Find(string name)
    {
        EnsureSafeName(name);
        return Existing.Select(r => Path.Combine(r, name)).FirstOrDefault(Directory.Exists);
    }

    /// <summary>Like <see cref="Find"/>, but a missing folder is an error that lists the roots searched.</summary>
    public string Require(string name, string what) =>
        Find(name) ?? throw new DirectoryNotFoundException(
            $"{what} '{name}' was not found in: {string.Join(", ", Names)}. "
            + $"Put a folder named '{name}' in one of them, or add a root to the configuration.");

    /// <summary>The names of the folders in all roots (first root wins on duplicates).</summary>
    public IReadOnlyList<string> List() =>
        Existing.SelectMany(r => Directory.EnumerateDirectories(r).Select(Path.GetFileName))
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    public static bool IsSafeName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name is not ("." or "..")
        && name.IndexOfAny(['/', '\\', '\0']) < 0 && !Path.IsPathRooted(name) && name.Trim() == name;

    private static void EnsureSafeName(string name)
    {
        if (!IsSafeName(name))
            throw new ArgumentException($"'{name}' is not a valid name: use the name of a folder inside a configured root.");
    }

    private static string BaseOf(FedBptOptions o) => o.BasePath ?? Directory.GetCurrentDirectory();
}
