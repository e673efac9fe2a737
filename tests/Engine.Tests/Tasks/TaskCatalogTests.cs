using FedBpt.Engine.Tasks;

namespace FedBpt.Engine.Tests.Tasks;

public class TaskCatalogTests
{
    [Fact]
    public void HoldsTheSevenReferenceTasks() =>
        Assert.Equal(["agnews", "dbpedia", "mrpc", "rte", "snli", "sst2", "yelpp"], TaskCatalog.All.Select(t => t.Name).Order());

    [Fact]
    public void EveryBuiltInTaskValidates()
    {
        foreach (var task in TaskCatalog.All) task.Validate();
    }

    [Theory]
    [InlineData("SST2", "sst2")]
    [InlineData(" Rte ", "rte")]
    [InlineData("agNews", "agnews")]
    public void GetIsCaseInsensitive(string query, string name) => Assert.Equal(name, TaskCatalog.Get(query).Name);

    [Fact]
    public void UnknownTaskListsTheKnownOnes()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => TaskCatalog.Get("qnli"));
        Assert.Contains("qnli", error.Message);
        foreach (string name in TaskCatalog.Names) Assert.Contains(name, error.Message);
    }

    // Reference §2.4: verbalizers, metrics and splits.
    [Theory]
    [InlineData("sst2", "bad,great", "train", "dev", TaskMetric.Accuracy)]
    [InlineData("yelpp", "bad,great", "train", "test", TaskMetric.Accuracy)]
    [InlineData("agnews", "World,Sports,Business,Tech", "train", "test", TaskMetric.Accuracy)]
    [InlineData("dbpedia", "Company,Education,Artist,Athlete,Office,Transportation,Building,Natural,Village,Animal,Plant,Album,Film,Written", "train", "test", TaskMetric.Accuracy)]
    [InlineData("mrpc", "No,Yes", "train", "dev", TaskMetric.F1)]
    [InlineData("rte", "Yes,No", "train", "dev", TaskMetric.Accuracy)]
    [InlineData("snli", "Yes,Maybe,No", "train", "test", TaskMetric.Accuracy)]
    public void VerbalizersSplitsAndMetricsFollowTheReference(string name, string words, string train, string test, TaskMetric metric)
    {
        var task = TaskCatalog.Get(name);
        Assert.Equal(words.Split(','), task.LabelWords);
        Assert.Equal(train, task.TrainSplit);
        Assert.Equal(test, task.TestSplit);
        Assert.Equal(metric, task.Metric);
    }

    [Fact]
    public void MrpcScoresF1OfTheParaphraseClass() => Assert.Equal(1, TaskCatalog.Get("mrpc").PositiveClass);

    [Fact]
    public void RteMapsItsStringLabels()
    {
        var values = TaskCatalog.Get("rte").LabelValues;
        Assert.Equal(0, values["entailment"]);
        Assert.Equal(1, values["not_entailment"]);
    }

    [Fact]
    public void YelpReplacesLiteralBackslashN() =>
        Assert.Equal("Great food! Will return. . It was <mask> .",
            TaskCatalog.Get("yelpp").Fill(new LabeledText("Great food!\\nWill return.", null, 1)));

    [Fact]
    public void AgNewsKeepsLiteralBackslashesAndWhiteSpace() =>
        Assert.Equal("<mask> News: dwindling\\band #36;10 ",
            TaskCatalog.Get("agnews").Fill(new LabeledText("dwindling\\band #36;10 ", null, 2)));
}
