using FedBpt.Engine.Modeling;
using FedBpt.Engine.Text;
using static TorchSharp.torch;

namespace FedBpt.Engine.Experiments;

/// <summary>
/// A model folder loaded once: the frozen masked LM (its family from config.json) and its tokenizer (BPE or WordPiece
/// from the files), shared by every client of a run.
/// </summary>
public sealed class ModelAssets : IDisposable
{
    private ModelAssets(string folder, MaskedLanguageModel model, IModelTokenizer tokenizer)
    {
        Folder = folder;
        Model = model;
        Tokenizer = tokenizer;
    }

    public string Folder { get; }
    public string Name => Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar));
    public MaskedLanguageModel Model { get; }
    public IModelTokenizer Tokenizer { get; }

    public static ModelAssets Load(string folder, Device device, ScalarType dtype = ScalarType.Float32)
    {
        var tokenizer = LoadTokenizer(folder);
        var model = MaskedLanguageModel.FromPretrained(folder, device, dtype);
        if (tokenizer.VocabSize > model.Config.VocabSize)
        {
            model.Dispose();
            throw new ModelLoadException($"{folder}: the tokenizer has {tokenizer.VocabSize} tokens but the model only {model.Config.VocabSize}.");
        }
        if (tokenizer.PadId != model.Config.PadTokenId)
        {
            model.Dispose();
            throw new ModelLoadException($"{folder}: the tokenizer's pad token is id {tokenizer.PadId} but config.json's pad_token_id is {model.Config.PadTokenId}.");
        }
        return new ModelAssets(folder, model, tokenizer);
    }

    /// <summary>The folder's tokenizer; it must be the one the model's family reads.</summary>
    private static IModelTokenizer LoadTokenizer(string folder)
    {
        var config = MaskedLmConfig.Load(Path.Combine(folder, "config.json"));
        var expected = config.Family == ModelFamily.Bert ? TokenizerKind.WordPiece : TokenizerKind.ByteLevelBpe;
        var found = ModelTokenizers.KindOf(folder);
        if (found is null)
            throw new ModelLoadException($"{folder} holds no tokenizer: a {config.Family.DisplayName()} model needs " +
                (expected == TokenizerKind.WordPiece ? BertWordPieceTokenizer.VocabFile : $"{RobertaTokenizer.VocabFile} and {RobertaTokenizer.MergesFile}") + ".");
        if (found != expected)
            throw new ModelLoadException($"{folder}: a {config.Family.DisplayName()} model reads a {expected.DisplayName()} tokenizer, but the folder holds a {found.Value.DisplayName()} one.");
        try
        {
            return ModelTokenizers.Load(folder);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ModelLoadException($"{folder}: the tokenizer cannot be read: {e.Message}", e);
        }
    }

    public void Dispose() => Model.Dispose();
}
