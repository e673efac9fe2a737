using FedBpt.Engine.Tasks;
using FedBpt.Engine.Tests.Text;
using FedBpt.Engine.Text;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Tasks;

public class TaskEncoderTests
{
    private static RobertaTokenizer Tokenizer => SharedTokenizer.Instance;
    private static BertWordPieceTokenizer WordPiece => SharedTokenizer.WordPiece;
    private static TaskDefinition Sst2 => TaskCatalog.Get("sst2");

    [Fact]
    public void AddModeReproducesTheFixtureIds()
    {
        var fixture = ParityFixture.Load();
        var encoder = new TaskEncoder(Tokenizer, Sst2, PromptMode.Add, fixture.NPromptTokens);
        foreach (var c in fixture.Cases)
        {
            var encoded = encoder.Encode(new LabeledText(c.Sentence, null, c.Label));
            Assert.Equal(c.IdsAdd, encoded.InputIds);
            Assert.Equal(Array.IndexOf(c.IdsAdd, 50264), encoded.MaskPosition);
            Assert.Equal(c.Label, encoded.Label);
        }
    }

    [Theory]
    [InlineData(PromptMode.Cat, 50)]
    [InlineData(PromptMode.Add, 0)]
    public void WithoutPlaceholdersTheFixturePlainIdsAreReproduced(PromptMode mode, int nPromptTokens)
    {
        var encoder = new TaskEncoder(Tokenizer, Sst2, mode, nPromptTokens);
        foreach (var c in ParityFixture.Load().Cases)
        {
            var encoded = encoder.Encode(new LabeledText(c.Sentence, null, c.Label));
            Assert.Equal(c.IdsPlain, encoded.InputIds);
            Assert.Equal(Array.IndexOf(c.IdsPlain, 50264), encoded.MaskPosition);
        }
    }

    [Fact]
    public void Sst2SentencesKeepTheirTrailingSpaceAsTheReferenceFeedsThem()
    {
        // GLUE's sentence ends with a space; the reference formats "%s . It was %s ." around it, so one more token
        // (a lone space) precedes " ." than in the parity fixture, whose text is trimmed.
        string firstDevSentence = File.ReadLines(Path.Combine(SharedPaths.Data, "sst2", "dev.tsv")).Skip(1).First().Split('\t')[0];
        Assert.EndsWith(" ", firstDevSentence);
        var fixture = ParityFixture.Load().Cases[0];
        Assert.Equal(firstDevSentence.TrimEnd(), fixture.Sentence);

        var ids = new TaskEncoder(Tokenizer, Sst2, PromptMode.Cat, 50).Encode(new LabeledText(firstDevSentence, null, 1)).InputIds;

        Assert.Equal([0, .. Tokenizer.EncodeWithoutSpecials(firstDevSentence + " . It was <mask> ."), 2], ids);
        Assert.Equal(fixture.IdsPlain.Length + 1, ids.Length);
        Assert.Equal(fixture.IdsPlain, new TaskEncoder(Tokenizer, Sst2, PromptMode.Cat, 50).Encode(new LabeledText(fixture.Sentence, null, 1)).InputIds);
    }

    [Fact]
    public void BertAddModeReproducesTheFixtureIds()
    {
        var fixture = ParityFixture.LoadBert();
        var encoder = new TaskEncoder(WordPiece, Sst2, PromptMode.Add, fixture.NPromptTokens);
        foreach (var c in fixture.Cases)
        {
            var encoded = encoder.Encode(new LabeledText(c.Sentence, null, c.Label));
            Assert.Equal(c.IdsAdd, encoded.InputIds); // [CLS], placeholders 1000.., text with [MASK], [SEP]
            Assert.Equal(Array.IndexOf(c.IdsAdd, 103), encoded.MaskPosition);
        }
        Assert.Equal(fixture.VerbalizerIds[..2], encoder.VerbalizerIds);
    }

    [Theory]
    [InlineData(PromptMode.Cat, 50)]
    [InlineData(PromptMode.Add, 0)]
    public void BertWithoutPlaceholdersTheFixturePlainIdsAreReproduced(PromptMode mode, int nPromptTokens)
    {
        var encoder = new TaskEncoder(WordPiece, Sst2, mode, nPromptTokens);
        foreach (var c in ParityFixture.LoadBert().Cases)
        {
            Assert.Equal(c.IdsPlain, encoder.Encode(new LabeledText(c.Sentence, null, c.Label)).InputIds);
        }
    }

    [Fact]
    public void WordPieceIgnoresTheTrailingSpaceOfSst2Sentences()
    {
        // Whether a task trims its texts or not, a WordPiece model sees the same ids (BPE would not).
        string firstDevSentence = File.ReadLines(Path.Combine(SharedPaths.Data, "sst2", "dev.tsv")).Skip(1).First().Split('\t')[0];
        Assert.EndsWith(" ", firstDevSentence);
        Assert.Equal(ParityFixture.LoadBert().Cases[0].IdsPlain, WordPiece.Encode(firstDevSentence + " . It was <mask> ."));
        Assert.NotEqual(Tokenizer.Encode(firstDevSentence + " . It was <mask> ."), Tokenizer.Encode(firstDevSentence.Trim() + " . It was <mask> ."));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryBuiltInTaskHasWholeWordVerbalizersInTheBertVocabulary(bool leadingSpace)
    {
        // vocab.txt: the id of a token is its line number; the uncased vocabulary holds the lower-cased word.
        var lines = File.ReadAllLines(Path.Combine(SharedPaths.MiniLmModel, "vocab.txt"));
        foreach (var task in TaskCatalog.All)
        {
            var encoder = new TaskEncoder(WordPiece, task, PromptMode.Add, 50, leadingSpace);
            Assert.Equal(task.LabelWords.Select(w => Array.IndexOf(lines, w.ToLowerInvariant())), encoder.VerbalizerIds);
        }
    }

    [Fact]
    public void AVerbalizerWordWordPieceSplitsIsATaskError()
    {
        var task = new TaskDefinition
        {
            Name = "split", Template = "{text_a} It was <mask> .", LabelWords = ["bad", "fantabulousness"],
            TrainSplit = "train", TestSplit = "test", TextAColumn = "a", LabelColumn = "l",
            LabelValues = new Dictionary<string, int> { ["0"] = 0, ["1"] = 1 },
        };
        var e = Assert.Throws<TaskDefinitionException>(() => new TaskEncoder(WordPiece, task, PromptMode.Add, 50));
        Assert.Contains("class 1", e.Message);
        Assert.Contains("not one token of the WordPiece vocabulary", e.Message);
    }

    // The first test row of every task on disk, against the reference's input string written out by hand
    // (BBT dataloader.py: "%s . %s . It was %s .", "%s . %s News: %s", "%s . %s ? %s , %s").
    [Theory]
    [InlineData("sst2", "dev", " . {a} . It was <mask> .")]
    [InlineData("agnews", "test", " . <mask> News: {a}")]
    [InlineData("mrpc", "dev", " . {a} ? <mask> , {b}")]
    [InlineData("rte", "dev", " . {a} ? <mask> , {b}")]
    [InlineData("snli", "test", " . {a} ? <mask> , {b}")]
    public void FirstTestExampleOfEachTaskMatchesTheReferenceString(string name, string split, string referenceFormat)
    {
        var task = TaskCatalog.Get(name);
        var (textA, textB, rawLabel) = FirstRow(name, split, task);
        string afterPrompt = referenceFormat.Replace("{a}", textA).Replace("{b}", textB);
        int[] expected = [0, .. Enumerable.Range(1000, 50), .. Tokenizer.EncodeWithoutSpecials(afterPrompt), 2];

        var encoder = new TaskEncoder(Tokenizer, task, PromptMode.Add, 50);
        var encoded = encoder.Encode(new LabeledText(textA, textB, task.LabelValues[rawLabel]));

        Assert.Equal(expected, encoded.InputIds);
        Assert.Equal(Tokenizer.MaskId, encoded.InputIds[encoded.MaskPosition]);
        Assert.DoesNotContain(Tokenizer.MaskId, encoded.InputIds[..encoded.MaskPosition]);
    }

    [Fact]
    public void RteFirstDevRowIsNotEntailment()
    {
        var task = TaskCatalog.Get("rte");
        var (_, _, raw) = FirstRow("rte", "dev", task);
        Assert.Equal("not_entailment", raw);
        Assert.Equal(1, task.LabelValues[raw]);
    }

    [Fact]
    public void YelpAndDbpediaFollowTheirReferenceStrings()
    {
        var yelp = new TaskEncoder(Tokenizer, TaskCatalog.Get("yelpp"), PromptMode.Add, 3).Encode(new LabeledText("Tasty.\\nSlow service. ", null, 0));
        Assert.Equal([0, 1000, 1001, 1002, .. Tokenizer.EncodeWithoutSpecials(" . Tasty. Slow service.  . It was <mask> ."), 2], yelp.InputIds);

        // DBpedia's reference string has no " . " after the prompt and strips the text: "%s [ Category: %s ] %s" % (…, content.strip()).
        var dbpedia = new TaskEncoder(Tokenizer, TaskCatalog.Get("dbpedia"), PromptMode.Add, 3).Encode(new LabeledText(" Acme Corp makes anvils. ", null, 0));
        Assert.Equal([0, 1000, 1001, 1002, .. Tokenizer.EncodeWithoutSpecials(" [ Category: <mask> ] Acme Corp makes anvils."), 2], dbpedia.InputIds);
    }

    [Fact]
    public void VerbalizerIdsHaveNoLeadingSpaceByDefault()
    {
        Assert.Equal([10999, 12338], new TaskEncoder(Tokenizer, Sst2, PromptMode.Add, 50).VerbalizerIds);
        Assert.Equal([1099, 372], new TaskEncoder(Tokenizer, Sst2, PromptMode.Add, 50, verbalizerLeadingSpace: true).VerbalizerIds);
    }

    [Fact]
    public void ClassesSharingAFirstTokenAreRejected()
    {
        var task = WithWords("Transport", "Transportation");
        var error = Assert.Throws<TaskDefinitionException>(() => new TaskEncoder(Tokenizer, task, PromptMode.Add, 5));
        Assert.Contains("'Transport' and 'Transportation'", error.Message);

        // With a leading space the two words start with different tokens.
        var encoder = new TaskEncoder(Tokenizer, task, PromptMode.Add, 5, verbalizerLeadingSpace: true);
        Assert.NotEqual(encoder.VerbalizerIds[0], encoder.VerbalizerIds[1]);
    }

    [Fact]
    public void AnExampleOverTheMaximumLengthIsNamed()
    {
        var encoder = new TaskEncoder(Tokenizer, Sst2, PromptMode.Add, 5, maxLength: 16);
        var error = Assert.Throws<InvalidDataException>(() =>
            encoder.Encode(new LabeledText("a sentence that is far too long to fit in sixteen tokens once the template is added", null, 0)));
        Assert.Contains("sst2", error.Message);
        Assert.Contains("a sentence that is far too long", error.Message);
        Assert.Contains("16", error.Message);
    }

    [Fact]
    public void EncodeAllDropsTooLongExamplesOnlyWhenAsked()
    {
        var encoder = new TaskEncoder(Tokenizer, Sst2, PromptMode.Add, 5, maxLength: 16);
        LabeledText[] examples =
        [
            new("short", null, 0),
            new("a sentence that is far too long to fit in sixteen tokens once the template is added", null, 1),
            new("also short", null, 1),
        ];

        var set = encoder.EncodeAll(examples, dropTooLong: true);
        Assert.Equal([0, 1], set.Examples.Select(e => e.Label));
        Assert.Equal([1], set.DroppedIndices);
        Assert.Equal(1, set.Dropped);

        Assert.Contains("Example 1", Assert.Throws<InvalidDataException>(() => encoder.EncodeAll(examples)).Message);
    }

    [Fact]
    public void CatModeCountsThePrependedPromptAgainstTheMaximum()
    {
        var example = new LabeledText("fine", null, 1);
        int length = new TaskEncoder(Tokenizer, Sst2, PromptMode.Cat, 0).Encode(example).InputIds.Length;

        Assert.Equal(length, new TaskEncoder(Tokenizer, Sst2, PromptMode.Cat, 10, maxLength: length + 10).Encode(example).InputIds.Length);
        Assert.Throws<InvalidDataException>(() => new TaskEncoder(Tokenizer, Sst2, PromptMode.Cat, 10, maxLength: length + 9).Encode(example));
    }

    [Fact]
    public void LabelsOutsideTheClassesAreRejected() =>
        Assert.Throws<ArgumentException>(() => new TaskEncoder(Tokenizer, Sst2, PromptMode.Add, 5).Encode(new LabeledText("x", null, 2)));

    [Fact]
    public void AnInvalidTaskIsRejectedAtConstruction() =>
        Assert.Throws<TaskDefinitionException>(() => new TaskEncoder(Tokenizer, WithWords("same", "same"), PromptMode.Add, 5));

    private static TaskDefinition WithWords(string first, string second) => new()
    {
        Name = "words",
        Template = "{text_a} <mask>",
        LabelWords = [first, second],
        TrainSplit = "train",
        TestSplit = "test",
        TextAColumn = "text",
        LabelColumn = "label",
        LabelValues = new Dictionary<string, int> { ["0"] = 0, ["1"] = 1 },
    };

    /// <summary>Reads the first data row straight from the TSV (independently of the library's readers).</summary>
    private static (string TextA, string? TextB, string RawLabel) FirstRow(string task, string split, TaskDefinition definition)
    {
        var lines = File.ReadLines(Path.Combine(SharedPaths.Data, task, split + ".tsv")).Take(2).ToArray();
        string[] header = lines[0].Split('\t');
        string[] row = lines[1].Split('\t');
        string Field(string column) => row[Array.IndexOf(header, column)];
        return (Field(definition.TextAColumn), definition.TextBColumn is null ? null : Field(definition.TextBColumn), Field(definition.LabelColumn));
    }
}
