using FedBpt.Engine.Data;
using FedBpt.Engine.Tasks;
using FedBpt.Engine.Tests.Text;

namespace FedBpt.Engine.Tests.Tasks;

public sealed class CustomTaskDefinitionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fedbpt-custom-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private CustomTaskSpec Reviews(string? file = null, string template = "{text} All in all, it was <mask> .") => new(
        Name: "reviews",
        TrainFile: file ?? WriteFile("reviews.tsv", "review\tstars\nLoved it \"so\" much\tpos\nDull.\tneg\n"),
        TestFile: null,
        TextAColumn: "review",
        TextBColumn: null,
        LabelColumn: "stars",
        Template: template,
        Labels: [new LabelWord("neg", "bad"), new LabelWord("pos", "great")]);

    private static TaskDefinitionException Fails(CustomTaskSpec spec) =>
        Assert.Throws<TaskDefinitionException>(() => CustomTaskDefinition.Create(spec, SharedTokenizer.Instance));

    [Fact]
    public void TsvTaskLoadsAndEncodes()
    {
        var task = CustomTaskDefinition.Create(Reviews(), SharedTokenizer.Instance);

        var examples = DatasetLoader.Load(task, "train", []);
        Assert.Equal([new LabeledText("Loved it \"so\" much", null, 1), new LabeledText("Dull.", null, 0)], examples);
        // Without a test file the task is evaluated on its training file.
        Assert.Equal(examples, DatasetLoader.Load(task, "test", []));

        var encoder = new TaskEncoder(SharedTokenizer.Instance, task, PromptMode.Cat, 0);
        Assert.Equal([0, .. SharedTokenizer.Instance.EncodeWithoutSpecials("Dull. All in all, it was <mask> ."), 2], encoder.Encode(examples[1]).InputIds);
    }

    [Fact]
    public void CsvPairTaskHonoursQuoting()
    {
        string csv = WriteFile("pairs.csv",
            "premise,hypothesis,gold\r\n" +
            "\"A man, a plan\",\"He said \"\"hi\"\"\",yes\r\n" +
            "\"Two\nlines\",plain,no\r\n");
        var spec = new CustomTaskSpec("pairs", csv, null, "premise", "hypothesis", "gold", "{text_a} ? <mask> , {text_b}",
            [new LabelWord("yes", "Yes"), new LabelWord("no", "No")]);

        var task = CustomTaskDefinition.Create(spec, SharedTokenizer.Instance);

        Assert.Equal(
            [new LabeledText("A man, a plan", "He said \"hi\"", 0), new LabeledText("Two\nlines", "plain", 1)],
            DatasetLoader.Load(task, "train", []));
    }

    [Fact]
    public void MissingColumnListsTheAvailableOnes()
    {
        var error = Fails(Reviews() with { LabelColumn = "rating" });
        Assert.Contains("no column 'rating'", error.Message);
        Assert.Contains("review, stars", error.Message);
    }

    [Fact]
    public void UnmappedLabelIsNamed()
    {
        string file = WriteFile("three.tsv", "review\tstars\ngood\tpos\nmeh\tmixed\nbad\tneg\n");
        var error = Fails(Reviews(file));
        Assert.Contains("'mixed'", error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("<unk>")]
    public void WordWithoutAVocabularyTokenIsRejected(string word)
    {
        var error = Fails(Reviews() with { Labels = [new LabelWord("neg", "bad"), new LabelWord("pos", word)] });
        Assert.Contains("reviews", error.Message);
    }

    [Fact]
    public void UnknownTokenWordNamesItsLabel() =>
        Assert.Contains("'<unk>' for label 'pos' is not in the vocabulary",
            Fails(Reviews() with { Labels = [new LabelWord("neg", "bad"), new LabelWord("pos", "<unk>")] }).Message);

    [Fact]
    public void TemplateWithoutMaskIsRejected() =>
        Assert.Contains("no <mask>", Fails(Reviews(template: "{text} It was good.")).Message);

    [Fact]
    public void PairTemplateNeedsASecondColumn() =>
        Assert.Contains("no second text column", Fails(Reviews(template: "{text_a} ? <mask> , {text_b}")).Message);

    [Fact]
    public void EmptyFilesAreRejected()
    {
        Assert.Contains("is empty", Fails(Reviews(WriteFile("empty.tsv", ""))).Message);
        Assert.Contains("no data rows", Fails(Reviews(WriteFile("header.tsv", "review\tstars\n"))).Message);
    }

    [Fact]
    public void MissingFileIsRejected() =>
        Assert.Contains("nowhere.tsv", Fails(Reviews(Path.Combine(_dir, "nowhere.tsv"))).Message);

    [Fact]
    public void RepeatedLabelAndBuiltInNameAreRejected()
    {
        Assert.Contains("'neg' is mapped more than once",
            Fails(Reviews() with { Labels = [new LabelWord("neg", "bad"), new LabelWord("neg", "great")] }).Message);
        Assert.Contains("built-in", Fails(Reviews() with { Name = "SST2" }).Message);
    }

    [Fact]
    public void TestFileIsCheckedToo()
    {
        string test = WriteFile("test.tsv", "review\tlabel\nok\tpos\n");
        Assert.Contains("no column 'stars'", Fails(Reviews() with { TestFile = test }).Message);
    }
}
