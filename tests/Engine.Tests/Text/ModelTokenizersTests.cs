using FedBpt.Engine.Text;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Text;

public class ModelTokenizersTests
{
    [Fact]
    public void TheFolderFilesDecideTheKind()
    {
        Assert.IsType<RobertaTokenizer>(ModelTokenizers.Load(SharedPaths.TinyModel));
        Assert.IsType<BertWordPieceTokenizer>(ModelTokenizers.Load(SharedPaths.MiniLmModel));
        Assert.Equal(TokenizerKind.ByteLevelBpe, ModelTokenizers.KindOf(SharedPaths.Tokenizer));
        Assert.Equal(TokenizerKind.WordPiece, ModelTokenizers.KindOf(SharedPaths.MiniLmModel));
    }

    [Fact]
    public void AFolderWithoutTokenizerFilesNamesBothLayouts()
    {
        string dir = Directory.CreateTempSubdirectory("fedbpt-tok-").FullName;
        try
        {
            Assert.Null(ModelTokenizers.KindOf(dir));
            var e = Assert.Throws<FileNotFoundException>(() => ModelTokenizers.Load(dir));
            Assert.Contains("vocab.json and merges.txt", e.Message);
            Assert.Contains("vocab.txt", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
