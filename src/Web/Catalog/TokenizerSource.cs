using FedBpt.Engine.Configuration;
using FedBpt.Engine.Text;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Catalog;

/// <summary>
/// A RoBERTa tokenizer from the model roots, for checking uploaded tasks' verbalizer words before a model is
/// chosen (every model of the family shares the vocabulary): the first folder with vocab.json and merges.txt.
/// </summary>
public sealed class TokenizerSource(IOptions<FedBptOptions> options)
{
    private readonly Lock _lock = new();
    private RobertaTokenizer? _tokenizer;

    /// <summary>The tokenizer, or null when no model root holds one.</summary>
    public RobertaTokenizer? Find()
    {
        lock (_lock)
        {
            if (_tokenizer is not null) return _tokenizer;
            var roots = ContentRoots.Models(options.Value);
            foreach (var name in roots.List())
            {
                var folder = roots.Find(name)!;
                if (File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt")))
                    return _tokenizer = RobertaTokenizer.Load(folder);
            }
            return null;
        }
    }

    public string Missing => "No tokenizer found: put a model folder (or the tokenizer's vocab.json and merges.txt in a folder) inside one of the model roots " +
        $"({string.Join(", ", ContentRoots.Models(options.Value).Names)}).";
}
