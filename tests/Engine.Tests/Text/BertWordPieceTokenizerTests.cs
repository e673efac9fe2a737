using FedBpt.Engine.Text;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Text;

/// <summary>The WordPiece tokenizer on minilm-mlm's real vocab.txt against the BERT parity fixture's reference ids.</summary>
public class BertWordPieceTokenizerTests
{
    private static BertWordPieceTokenizer Tokenizer => SharedTokenizer.WordPiece;

    // Ids stated by minilm-mlm's MODEL_CARD (the uncased BERT vocabulary).
    [Fact]
    public void SpecialIdsAndVocabSizeComeFromTheVocabulary()
    {
        Assert.Equal(TokenizerKind.WordPiece, Tokenizer.Kind);
        Assert.Equal(30522, Tokenizer.VocabSize);
        Assert.Equal(0, Tokenizer.PadId);
        Assert.Equal(100, Tokenizer.UnkId);
        Assert.Equal(101, Tokenizer.StartId);
        Assert.Equal(102, Tokenizer.EndId);
        Assert.Equal(103, Tokenizer.MaskId);
        Assert.True(Tokenizer.LowerCase);
    }

    [Fact]
    public void EveryFixtureCaseEncodesToTheReferenceIds()
    {
        var cases = ParityFixture.LoadBert().Cases;
        Assert.NotEmpty(cases);
        foreach (var c in cases) Assert.Equal(c.IdsPlain, Tokenizer.Encode(c.TextPlain));
    }

    [Fact]
    public void FixtureAddTextEncodesToTheIdsAfterThePlaceholders()
    {
        var fixture = ParityFixture.LoadBert();
        int n = fixture.NPromptTokens;
        foreach (var c in fixture.Cases)
        {
            Assert.Equal(Enumerable.Range(1000, n), c.IdsAdd.Skip(1).Take(n));
            Assert.Equal(c.IdsAdd[(1 + n)..^1], Tokenizer.EncodeWithoutSpecials(c.TextAddAfterPlaceholders));
        }
    }

    [Fact]
    public void TheTemplateMaskMarkerBecomesTheModelsMaskToken()
    {
        foreach (var c in ParityFixture.LoadBert().Cases)
        {
            Assert.Equal(c.IdsPlain, Tokenizer.Encode(c.TextPlain.Replace("[MASK]", "<mask>", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void FixtureVerbalizerIdsMatch()
    {
        var fixture = ParityFixture.LoadBert();
        for (int i = 0; i < fixture.VerbalizerIds.Length; i++)
        {
            Assert.Equal(fixture.VerbalizerIds[i], Tokenizer.VerbalizerTokenId(fixture.VerbalizerTokens[i], leadingSpace: false));
        }
    }

    [Theory]
    [InlineData("great")]
    [InlineData("bad")]
    public void LeadingSpaceMakesNoDifference(string word) =>
        Assert.Equal(Tokenizer.VerbalizerTokenId(word, leadingSpace: false), Tokenizer.VerbalizerTokenId(word, leadingSpace: true));

    [Fact]
    public void TextIsLowerCasedAndAccentsStrippedAsTheConfigSays()
    {
        Assert.Equal(Tokenizer.EncodeWithoutSpecials("great cafe naive"), Tokenizer.EncodeWithoutSpecials("GREAT Café naïve"));
        Assert.DoesNotContain(Tokenizer.UnkId, Tokenizer.EncodeWithoutSpecials("Ünïcödé résumé"));
        Assert.Equal(Tokenizer.EncodeWithoutSpecials("it was great ."), Tokenizer.EncodeWithoutSpecials("  it   was\tgreat\n. "));
    }

    // Hugging Face's BasicTokenizer counts the ASCII symbols as punctuation (each its own token), as well as
    // Unicode category P; SST-2 writes quotes as `` and ''. Expected ids are the tokens' lines in vocab.txt.
    [Theory]
    [InlineData('$')]
    [InlineData('`')]
    [InlineData('+')]
    [InlineData('=')]
    [InlineData('<')]
    [InlineData('>')]
    [InlineData('^')]
    [InlineData('|')]
    [InlineData('~')]
    [InlineData('_')]
    [InlineData('%')]
    [InlineData('\u2014')] // em dash, category Pd
    public void PunctuationAndAsciiSymbolsAreTokensOfTheirOwn(char symbol)
    {
        var lines = File.ReadAllLines(Path.Combine(SharedPaths.MiniLmModel, "vocab.txt"));
        int[] expected = [Array.IndexOf(lines, "a"), Array.IndexOf(lines, symbol.ToString()), Array.IndexOf(lines, "b")];
        Assert.DoesNotContain(-1, expected);
        Assert.Equal(expected, Tokenizer.EncodeWithoutSpecials($"a{symbol}b"));
    }

    [Fact]
    public void WithoutLowerCasingCapitalsAreNotFolded()
    {
        string dir = Directory.CreateTempSubdirectory("fedbpt-wp-").FullName;
        try
        {
            File.Copy(Path.Combine(SharedPaths.MiniLmModel, "vocab.txt"), Path.Combine(dir, "vocab.txt"));
            File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), """{ "do_lower_case": false }""");
            var cased = BertWordPieceTokenizer.Load(dir);
            Assert.False(cased.LowerCase);
            Assert.Equal(Tokenizer.EncodeWithoutSpecials("great"), cased.EncodeWithoutSpecials("great"));
            Assert.NotEqual(Tokenizer.EncodeWithoutSpecials("great"), cased.EncodeWithoutSpecials("Great"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AWordSplitIntoPiecesIsRefusedNamingThePieces()
    {
        int[] pieces = Tokenizer.EncodeWithoutSpecials("fantabulousness");
        Assert.True(pieces.Length > 1);
        var e = Assert.Throws<ArgumentException>(() => Tokenizer.VerbalizerTokenId("fantabulousness", leadingSpace: false));
        Assert.Contains("not one token", e.Message);
        Assert.Contains("##", e.Message);
        Assert.False(Tokenizer.IsSingleToken("fantabulousness"));
        Assert.True(Tokenizer.IsSingleToken("great"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[UNK]")]
    [InlineData("[MASK]")]
    [InlineData("<mask>")]
    [InlineData("\u2603")] // a snowman: not in the vocabulary, so [UNK]
    public void VerbalizerTokenIdRejectsWordsWithoutARealToken(string word)
    {
        Assert.Throws<ArgumentException>(() => Tokenizer.VerbalizerTokenId(word, leadingSpace: false));
        Assert.False(Tokenizer.IsSingleToken(word));
    }

    [Fact]
    public void DecodeJoinsPiecesAndWritesSpecialTokens()
    {
        Assert.Equal("fantabulousness", Tokenizer.Decode(Tokenizer.EncodeWithoutSpecials("fantabulousness")));
        // Hugging Face's decode with its default clean-up of spaces before punctuation.
        Assert.Equal("[CLS] it was [MASK]. [SEP]", Tokenizer.Decode(Tokenizer.Encode("it was <mask> .")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([5, Tokenizer.VocabSize]));
    }

    [Fact]
    public void ConcurrentEncodingGivesTheSequentialResults()
    {
        string[] lines = File.ReadLines(Path.Combine(SharedPaths.Data, "sst2", "dev.tsv")).Skip(1).ToArray();
        var fresh = BertWordPieceTokenizer.Load(SharedPaths.MiniLmModel);
        var parallel = new int[lines.Length][];
        Parallel.For(0, lines.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = fresh.Encode(lines[i]));
        for (int i = 0; i < lines.Length; i++) Assert.Equal(Tokenizer.Encode(lines[i]), parallel[i]);
    }

    [Fact]
    public void LoadNamesTheMissingFile()
    {
        string dir = Directory.CreateTempSubdirectory("fedbpt-wp-").FullName;
        try
        {
            var e = Assert.Throws<FileNotFoundException>(() => BertWordPieceTokenizer.Load(dir));
            Assert.Equal(Path.Combine(dir, "vocab.txt"), e.FileName);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
