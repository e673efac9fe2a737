using FedBpt.Engine.Text;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Text;

public class RobertaTokenizerTests
{
    private static RobertaTokenizer Tokenizer => SharedTokenizer.Instance;

    [Fact]
    public void SpecialIdsAndVocabSizeComeFromTheVocabulary()
    {
        Assert.Equal(50265, Tokenizer.VocabSize);
        Assert.Equal(0, Tokenizer.StartId);
        Assert.Equal(1, Tokenizer.PadId);
        Assert.Equal(2, Tokenizer.EndId);
        Assert.Equal(3, Tokenizer.UnkId);
        Assert.Equal(50264, Tokenizer.MaskId);
    }

    // Ids listed in shared/models/roberta-tokenizer/SOURCE.md (read from vocab.json).
    [Theory]
    [InlineData("<mask>", 50264)]
    [InlineData(" great", 372)]
    [InlineData(" bad", 1099)]
    [InlineData("great", 12338)]
    [InlineData("bad", 10999)]
    [InlineData(" good", 205)]
    [InlineData(" terrible", 6587)]
    [InlineData(".", 4)]
    [InlineData(" the", 5)]
    public void SingleTokensHaveTheirVocabularyIds(string text, int id) =>
        Assert.Equal(new[] { id }, Tokenizer.EncodeWithoutSpecials(text));

    [Theory]
    [InlineData("great", false, 12338)]
    [InlineData("great", true, 372)]
    [InlineData("bad", false, 10999)]
    [InlineData("bad", true, 1099)]
    [InlineData("good", true, 205)]
    public void VerbalizerTokenIdHonoursTheLeadingSpace(string word, bool leadingSpace, int id) =>
        Assert.Equal(id, Tokenizer.VerbalizerTokenId(word, leadingSpace));

    [Fact]
    public void VerbalizerTokenIdIsTheFirstPieceOfAMultiTokenWord()
    {
        int[] pieces = Tokenizer.EncodeWithoutSpecials("Transportation");
        Assert.True(pieces.Length > 1);
        Assert.Equal(pieces[0], Tokenizer.VerbalizerTokenId("Transportation", leadingSpace: false));
    }

    [Fact]
    public void FixtureVerbalizerIdsMatch()
    {
        var fixture = ParityFixture.Load();
        for (int i = 0; i < fixture.VerbalizerIds.Length; i++)
        {
            string token = fixture.VerbalizerTokens[i];
            bool leadingSpace = token.StartsWith('Ġ');
            Assert.Equal(fixture.VerbalizerIds[i], Tokenizer.VerbalizerTokenId(token.TrimStart('Ġ'), leadingSpace));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<unk>")]
    [InlineData("<mask>")]
    public void VerbalizerTokenIdRejectsWordsWithoutARealToken(string word) =>
        Assert.Throws<ArgumentException>(() => Tokenizer.VerbalizerTokenId(word, leadingSpace: false));

    [Fact]
    public void EveryFixtureCaseEncodesToTheHuggingFaceIds()
    {
        foreach (var c in ParityFixture.Load().Cases)
        {
            Assert.Equal(c.IdsPlain, Tokenizer.Encode(c.TextPlain));
        }
    }

    [Fact]
    public void FixtureAddTextEncodesToTheIdsAfterThePlaceholders()
    {
        var fixture = ParityFixture.Load();
        int n = fixture.NPromptTokens;
        foreach (var c in fixture.Cases)
        {
            Assert.Equal(Enumerable.Range(1000, n), c.IdsAdd.Skip(1).Take(n));
            Assert.Equal(c.IdsAdd[(1 + n)..^1], Tokenizer.EncodeWithoutSpecials(c.TextAddAfterPlaceholders));
        }
    }

    [Fact]
    public void EncodeWrapsTheTextInSentenceTokens()
    {
        int[] body = Tokenizer.EncodeWithoutSpecials("hello world");
        Assert.Equal([Tokenizer.StartId, .. body, Tokenizer.EndId], Tokenizer.Encode("hello world"));
    }

    [Theory]
    [InlineData("It was <mask> .")]
    [InlineData("It was   <mask> .")]
    [InlineData("It was\t<mask> .")]
    public void MaskAbsorbsTheWhitespaceBeforeIt(string text)
    {
        int[] expected = [.. Tokenizer.EncodeWithoutSpecials("It was"), Tokenizer.MaskId, .. Tokenizer.EncodeWithoutSpecials(" .")];
        Assert.Equal(expected, Tokenizer.EncodeWithoutSpecials(text));
    }

    [Fact]
    public void OtherSpecialTokensKeepTheSpaceBeforeThem()
    {
        int[] expected = [.. Tokenizer.EncodeWithoutSpecials("a "), Tokenizer.EndId];
        Assert.Equal(expected, Tokenizer.EncodeWithoutSpecials("a </s>"));
    }

    [Theory]
    [InlineData("Hello, world! (It's 3.14159 -- isn't it?) \"quoted\" [x] {y} #36; &lt;")]
    [InlineData("digits 0123456789 and 1,000,000 and 12:30pm")]
    [InlineData("café naïve Ünïcödé 日本語 😀 👩‍👩‍👧")]
    [InlineData("double  spaces  and   triple   ")]
    [InlineData(" leading space")]
    [InlineData("tab\tand\nnewline\r\n")]
    [InlineData("Wall Street's dwindling\\band of ultra-cynics")]
    [InlineData("")]
    public void TrickyTextRoundTripsThroughDecode(string text) =>
        Assert.Equal(text, Tokenizer.Decode(Tokenizer.EncodeWithoutSpecials(text)));

    [Fact]
    public void LeadingSpaceChangesTheFirstToken() =>
        Assert.NotEqual(Tokenizer.EncodeWithoutSpecials("great")[0], Tokenizer.EncodeWithoutSpecials(" great")[0]);

    [Fact]
    public void DecodeWritesSpecialTokensLiterally() =>
        Assert.Equal("<s>x<mask></s>", Tokenizer.Decode([Tokenizer.StartId, .. Tokenizer.EncodeWithoutSpecials("x"), Tokenizer.MaskId, Tokenizer.EndId]));

    [Fact]
    public void DecodeRejectsIdsOutsideTheVocabulary()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([5, Tokenizer.VocabSize]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([-1]));
    }

    [Fact]
    public void ConcurrentEncodingGivesTheSequentialResults()
    {
        string[] lines = File.ReadLines(Path.Combine(SharedPaths.Data, "sst2", "dev.tsv")).Skip(1).ToArray();
        var fresh = RobertaTokenizer.Load(SharedPaths.Tokenizer);
        var parallel = new int[lines.Length][];
        Parallel.For(0, lines.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = fresh.Encode(lines[i]));
        for (int i = 0; i < lines.Length; i++)
        {
            Assert.Equal(Tokenizer.Encode(lines[i]), parallel[i]);
        }
    }

    [Fact]
    public void LoadNamesTheMissingFile()
    {
        string dir = Directory.CreateTempSubdirectory("fedbpt-tok-").FullName;
        try
        {
            var missingVocab = Assert.Throws<FileNotFoundException>(() => RobertaTokenizer.Load(dir));
            Assert.Equal(Path.Combine(dir, "vocab.json"), missingVocab.FileName);
            Assert.Contains("vocab.json", missingVocab.Message);

            File.Copy(Path.Combine(SharedPaths.Tokenizer, "vocab.json"), Path.Combine(dir, "vocab.json"));
            var missingMerges = Assert.Throws<FileNotFoundException>(() => RobertaTokenizer.Load(dir));
            Assert.Equal(Path.Combine(dir, "merges.txt"), missingMerges.FileName);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
