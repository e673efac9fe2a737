using FedBpt.Engine.Modeling;
using FedBpt.Engine.Text;
using static TorchSharp.torch;

namespace FedBpt.Engine.Experiments;

/// <summary>A model folder loaded once: the frozen masked LM and its tokenizer (shared by every client of a run).</summary>
public sealed class ModelAssets : IDisposable
{
    private ModelAssets(string folder, RobertaForMaskedLM model, RobertaTokenizer tokenizer)
    {
        Folder = folder;
        Model = model;
        Tokenizer = tokenizer;
    }

    public string Folder { get; }
    public string Name => Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar));
    public RobertaForMaskedLM Model { get; }
    public RobertaTokenizer Tokenizer { get; }

    public static ModelAssets Load(string folder, Device device, ScalarType dtype = ScalarType.Float32)
    {
        var tokenizer = RobertaTokenizer.Load(folder);
        var model = RobertaForMaskedLM.FromPretrained(folder, device, dtype);
        if (tokenizer.VocabSize > model.Config.VocabSize)
        {
            model.Dispose();
            throw new ModelLoadException($"{folder}: the tokenizer has {tokenizer.VocabSize} tokens but the model only {model.Config.VocabSize}.");
        }
        return new ModelAssets(folder, model, tokenizer);
    }

    public void Dispose() => Model.Dispose();
}
