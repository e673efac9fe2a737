using FedBpt.Engine.Configuration;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Tasks;
using FedBpt.Engine.Text;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Catalog;

/// <summary>
/// The tokenizers of the installed models — the folders in the model roots, then the Hub models in the Hugging Face cache
/// (byte-level BPE or WordPiece, as each folder's files say), loaded once per folder. An uploaded task is checked before
/// a model is chosen, so its words are checked against these: they must suit at least one installed model; an
/// experiment then checks them against its own model.
/// </summary>
public sealed class TokenizerSource(IOptions<FedBptOptions> options, HubAccess hub)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IModelTokenizer> _loaded = new(StringComparer.Ordinal);

    /// <summary>The tokenizer of the model folder called <paramref name="name"/>, or null when it has none.</summary>
    public IModelTokenizer? ForModel(string name) =>
        hub.Models.FindCached(name)?.Folder is { } folder ? Load(folder) : null;

    /// <summary>
    /// The first tokenizer in the model roots (by folder name) for which every label word is one whole token, or
    /// null with <paramref name="problem"/> saying which words no model takes (or that no tokenizer was found).
    /// </summary>
    public IModelTokenizer? FindAccepting(IReadOnlyList<LabelWord> labels, out string problem)
    {
        var refusals = new List<(string Model, IModelTokenizer Tokenizer, LabelWord[] Split)>();
        foreach (var (name, folder) in InstalledModels())
        {
            if (Load(folder) is not { } tokenizer) continue;
            var split = labels.Where(l => !tokenizer.IsSingleToken(l.Word.Trim())).ToArray();
            if (split.Length == 0)
            {
                problem = "";
                return tokenizer;
            }
            refusals.Add((name, tokenizer, split));
        }
        if (refusals.Count == 0)
        {
            problem = Missing;
            return null;
        }
        var splitByAll = labels.Where(l => refusals.All(r => r.Split.Contains(l))).ToArray();
        string checkedModels = string.Join(", ", refusals.Select(r => $"{r.Model}: {r.Tokenizer.Kind.DisplayName()}"));
        problem = splitByAll.Length > 0
            ? string.Join(" ", splitByAll.Select(l => $"'{l.Word}' (label '{l.Label}') is not one token in any installed model's vocabulary ({checkedModels});")) +
              " the prompt scores one token per class, so choose a single-token word."
            : "No installed model has every label word as one token: " +
              string.Join("; ", refusals.Select(r => $"{r.Model} splits {string.Join(", ", r.Split.Select(l => $"'{l.Word}'"))}")) +
              ". The prompt scores one token per class, so choose words one model's vocabulary holds whole.";
        return null;
    }

    public string Missing => "No tokenizer found: put a model folder (or a tokenizer's vocab.json and merges.txt, or vocab.txt, in a folder) inside one of the model roots " +
        $"({string.Join(", ", ContentRoots.Models(options.Value).Names)}), or add a model from the Hub on the Models & data page.";

    private IModelTokenizer? Load(string folder)
    {
        lock (_lock)
        {
            if (_loaded.TryGetValue(folder, out var known)) return known;
            if (ModelTokenizers.KindOf(folder) is null) return null;
            try
            {
                return _loaded[folder] = ModelTokenizers.Load(folder);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                return null; // an unreadable tokenizer is no model to check against; loading the model says why
            }
        }
    }

    /// <summary>Every installed model: (display name, folder), model roots first.</summary>
    private IEnumerable<(string Name, string Folder)> InstalledModels()
    {
        var roots = ContentRoots.Models(options.Value);
        foreach (var name in roots.List()) yield return (name, roots.Find(name)!);
        foreach (var (repo, commit) in hub.Files.Cache.ListRefs(HubRepoType.Model))
            yield return (repo.Id, hub.Files.Cache.SnapshotFolder(repo, commit));
    }
}
