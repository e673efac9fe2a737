using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Tests.Tasks;

public class TaskDefinitionTests
{
    private static TaskDefinition Make(
        string template = "{text_a} . It was <mask> .",
        string[]? words = null,
        string? textB = null,
        Dictionary<string, int>? labelValues = null,
        int positiveClass = 1,
        Func<string, string>? normalizer = null) => new()
        {
            Name = "demo",
            Template = template,
            LabelWords = words ?? ["bad", "great"],
            TrainSplit = "train",
            TestSplit = "dev",
            TextAColumn = "a",
            TextBColumn = textB,
            LabelColumn = "label",
            LabelValues = labelValues ?? new() { ["0"] = 0, ["1"] = 1 },
            PositiveClass = positiveClass,
            Normalizer = normalizer,
        };

    public static TheoryData<string, string?, string[], string> InvalidDefinitions => new()
    {
        { "{text_a} . It was good .", null, ["bad", "great"], "no <mask>" },
        { "{text_a} <mask> or <mask>", null, ["bad", "great"], "2 <mask>" },
        { "It was <mask> .", null, ["bad", "great"], "no {text_a}" },
        { "{text_a} ? <mask> ,", "b", ["bad", "great"], "{text_b}" },
        { "{text_a} ? <mask> , {text_b}", null, ["bad", "great"], "no second text column" },
        { "{sentence} <mask>", null, ["bad", "great"], "unknown placeholder(s) {sentence}" },
        { "{text_a} <mask>", null, ["bad"], "at least 2 label words" },
        { "{text_a} <mask>", null, ["good", "good"], "'good' is used by more than one class" },
        { "{text_a} <mask>", null, ["good", " "], "class 1 is empty" },
    };

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public void ValidateNamesTheProblem(string template, string? textB, string[] words, string expected)
    {
        var labelValues = words.Select((_, i) => i).ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), i => i);
        var task = Make(template, words, textB, labelValues);
        var error = Assert.Throws<TaskDefinitionException>(task.Validate);
        Assert.Contains(expected, error.Message);
        Assert.Contains("demo", error.Message);
    }

    [Fact]
    public void LabelValuesMustCoverEveryClassWithinRange()
    {
        var outOfRange = Make(labelValues: new() { ["0"] = 0, ["1"] = 1, ["2"] = 2 });
        Assert.Contains("'2' maps to class 2", Assert.Throws<TaskDefinitionException>(outOfRange.Validate).Message);

        var uncovered = Make(labelValues: new() { ["0"] = 0 });
        Assert.Contains("no label value maps to class 1 ('great')", Assert.Throws<TaskDefinitionException>(uncovered.Validate).Message);
    }

    [Fact]
    public void PositiveClassMustBeAClass() =>
        Assert.Contains("positive class 2", Assert.Throws<TaskDefinitionException>(Make(positiveClass: 2).Validate).Message);

    [Fact]
    public void FillNormalisesEachTextAndKeepsItsWhiteSpace()
    {
        // As the reference: the text as the dataset has it (trimming is the spec's trimText, before Fill).
        var task = Make("{text_a} ? <mask> , {text_b}", textB: "b", normalizer: t => t.Replace('_', ' '));
        Assert.Equal("  a b  ? <mask> , \tc\n", task.Fill(new LabeledText("  a_b ", "\tc\n", 0)));
    }

    [Fact]
    public void TextIsAnAliasOfTextA()
    {
        var task = Make("Review: {text} <mask>");
        task.Validate();
        Assert.Equal("Review: fine <mask>", task.Fill(new LabeledText("fine", null, 1)));
    }

    [Fact]
    public void FillDoesNotSubstituteInsideTheTexts()
    {
        var task = Make("{text_a} ? <mask> , {text_b}", textB: "b");
        Assert.Equal("says {text_b} ? <mask> , x", task.Fill(new LabeledText("says {text_b}", "x", 0)));
    }

    [Fact]
    public void CollectionsAreCopiedOnInitialisation()
    {
        string[] words = ["bad", "great"];
        var task = Make(words: words);
        words[0] = "changed";
        Assert.Equal("bad", task.LabelWords[0]);
    }
}
