using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FedBpt.Storage.Datasets;
using FedBpt.Storage.Entities;
using FedBpt.Web.Catalog;
using FedBpt.Web.Predictions;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace FedBpt.Web.Tests.Api;

/// <summary>Custom tasks: uploaded, validated before anything is stored, then run like a built-in task.</summary>
public sealed class DatasetUploadTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private HttpClient Client => app.Client;

    private static readonly string[] Positive =
        ["a delight from start to finish", "warm , funny and smart", "one of the best films of the year", "beautifully acted", "a triumph", "moving and wise"];
    private static readonly string[] Negative =
        ["a tedious mess", "dull and lifeless", "the worst film of the year", "badly acted", "a failure", "boring and stupid"];

    /// <summary>A small review task in the user's own vocabulary of labels: pos/neg, not 0/1.</summary>
    private static string Reviews(int repeat = 2, string header = "review\tsentiment") =>
        header + "\n" + string.Join("\n", Enumerable.Range(0, repeat).SelectMany(_ =>
            Positive.Select(p => $"{p}\tpos").Concat(Negative.Select(n => $"{n}\tneg")))) + "\n";

    private static JsonObject Definition(string name) => new()
    {
        ["name"] = name,
        ["template"] = "{text_a} It was <mask> .",
        ["textAColumn"] = "review",
        ["labelColumn"] = "sentiment",
        ["labels"] = new JsonArray(new JsonObject { ["label"] = "neg", ["word"] = "bad" }, new JsonObject { ["label"] = "pos", ["word"] = "great" }),
    };

    private static MultipartFormDataContent Form(JsonNode? definition, string? train, string trainName = "reviews.tsv", string? test = null)
    {
        var form = new MultipartFormDataContent();
        if (definition is not null) form.Add(new StringContent(definition.ToJsonString()), "definition");
        if (train is not null) form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(train)), "train", trainName);
        if (test is not null) form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(test)), "test", "held-out" + Path.GetExtension(trainName));
        return form;
    }

    private async Task<string[]> DatasetNamesAsync() =>
        (await Client.GetFromJsonAsync<UploadedDataset[]>("/api/datasets", ApiClient.Json))!.Select(d => d.Name).ToArray();

    private static async Task<ValidationProblemDetails> ProblemAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiClient.Json))!;

    [Fact]
    public async Task An_uploaded_task_is_listed_runs_as_an_experiment_and_predicts_with_its_own_labels()
    {
        using var upload = await Client.PostAsync("/api/datasets", Form(Definition("Movie-Reviews"), Reviews(), test: Reviews(1)));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var summary = (await upload.Content.ReadFromJsonAsync<UploadedDataset>(ApiClient.Json))!;
        Assert.Equal(("movie-reviews", 24, 12, DatasetFormat.Tsv), (summary.Name, summary.Rows, summary.TestRows, summary.Format));
        Assert.Equal("/api/datasets/movie-reviews", upload.Headers.Location?.OriginalString);

        var tasks = (await Client.GetFromJsonAsync<TaskInfo[]>("/api/tasks", ApiClient.Json))!;
        var task = Assert.Single(tasks, t => t.Name == "movie-reviews");
        Assert.True(task.Custom);
        Assert.Equal(["bad", "great"], task.LabelWords);
        Assert.Equal([("test", 12, new[] { 6, 6 }), ("train", 24, new[] { 12, 12 })],
            task.Splits.OrderBy(s => s.Split).Select(s => (s.Split, s.Rows, s.LabelCounts.ToArray())));

        var id = await Client.CreateExperimentAsync("custom", Specs.Tiny(numRounds: 2).With("task", "movie-reviews"));
        var done = await Client.WaitForStatusAsync(id, ExperimentStatus.Completed);
        Assert.Equal("movie-reviews", done.Task);
        Assert.Equal(2, done.RoundsCompleted);
        Assert.InRange(done.FinalAccuracy!.Value, 0.0, 1.0);
        // Few-shot sampling drew kShot = 4 per class from the uploaded training file; the label table counts them.
        var counts = done.LabelDistribution!.Value.GetProperty("clients").EnumerateArray()
            .Select(c => c.EnumerateArray().Sum(x => x.GetInt32())).Sum();
        Assert.Equal(8, counts);

        using var predicted = await Client.PostAsJsonAsync("/api/predict",
            new PredictRequest(id, "best", ["an absolute triumph", "a dull mess"], null), ApiClient.Json);
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        var response = (await predicted.Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json))!;
        Assert.Equal(["bad", "great"], response.Labels);
        Assert.All(response.Predictions, p => Assert.Contains(p.Label, response.Labels));
    }

    [Fact]
    public async Task A_file_that_does_not_fit_its_definition_is_rejected_naming_the_problem_and_nothing_is_stored()
    {
        var before = await DatasetNamesAsync();

        using var noColumn = await Client.PostAsync("/api/datasets", Form(Definition("bad-column"), Reviews(header: "text\tsentiment")));
        Assert.Equal(HttpStatusCode.BadRequest, noColumn.StatusCode);
        var columnError = Assert.Single((await ProblemAsync(noColumn)).Errors["dataset"]);
        Assert.Contains("'reviews.tsv' has no column 'review'", columnError); // the user's file name, not a cache path
        Assert.Contains("text, sentiment", columnError);

        using var unmapped = await Client.PostAsync("/api/datasets", Form(Definition("unmapped"), Reviews() + "so-so\tmixed\n"));
        Assert.Equal(HttpStatusCode.BadRequest, unmapped.StatusCode);
        Assert.Contains("'mixed'", Assert.Single((await ProblemAsync(unmapped)).Errors["dataset"]));

        var unknownWord = Definition("bad-word");
        unknownWord["labels"]![1]!["word"] = "fantabulousness";
        using var word = await Client.PostAsync("/api/datasets", Form(unknownWord, Reviews()));
        Assert.Equal(HttpStatusCode.BadRequest, word.StatusCode);
        Assert.Contains("'fantabulousness' (label 'pos') is not one token", Assert.Single((await ProblemAsync(word)).Errors["labels"]));

        using var wrongType = await Client.PostAsync("/api/datasets", Form(Definition("pdf"), Reviews(), trainName: "reviews.pdf"));
        Assert.Contains(".tsv", Assert.Single((await ProblemAsync(wrongType)).Errors["train"]));

        using var builtIn = await Client.PostAsync("/api/datasets", Form(Definition("SST2"), Reviews()));
        Assert.Contains("built-in", Assert.Single((await ProblemAsync(builtIn)).Errors["name"]));

        var incomplete = Definition("incomplete");
        incomplete.Remove("template");
        using var missing = await Client.PostAsync("/api/datasets", Form(incomplete, null));
        var missingErrors = (await ProblemAsync(missing)).Errors;
        Assert.Equal(["template", "train"], missingErrors.Keys.Order());

        using var notJson = await Client.PostAsync("/api/datasets", Form(JsonValue.Create("{name:"), Reviews()));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.True((await ProblemAsync(notJson)).Errors.ContainsKey("definition"));

        Assert.Equal(before, await DatasetNamesAsync());
    }

    [Fact]
    public async Task A_word_only_one_tokenizer_holds_whole_is_accepted_and_refused_for_a_model_whose_vocabulary_splits_it()
    {
        // "mediocre" is one byte-level BPE token (RoBERTa) but WordPiece pieces in minilm-mlm's uncased vocabulary.
        var definition = Definition("mediocre-reviews");
        definition["labels"]![0]!["word"] = "mediocre";
        using var upload = await Client.PostAsync("/api/datasets", Form(definition, Reviews()));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        using var onBert = await Client.PostAsJsonAsync("/api/experiments",
            new { name = "wordpiece", spec = Specs.Tiny().With("task", "mediocre-reviews").With("model", "minilm-mlm") }, ApiClient.Json);
        Assert.Equal(HttpStatusCode.BadRequest, onBert.StatusCode);
        var error = Assert.Single((await ProblemAsync(onBert)).Errors["task"]);
        Assert.Contains("'mediocre'", error);
        Assert.Contains("WordPiece", error);
    }

    [Fact]
    public async Task A_second_upload_under_a_taken_name_conflicts_and_a_dataset_can_be_deleted()
    {
        using var first = await Client.PostAsync("/api/datasets", Form(Definition("twice"), Reviews(), trainName: "a.tsv"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await Client.PostAsync("/api/datasets", Form(Definition("twice"), Reviews(3), trainName: "b.tsv"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(24, (await Client.GetFromJsonAsync<UploadedDataset[]>("/api/datasets", ApiClient.Json))!.Single(d => d.Name == "twice").Rows);

        using var deleted = await Client.DeleteAsync("/api/datasets/twice");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain("twice", await DatasetNamesAsync());
        using var again = await Client.DeleteAsync("/api/datasets/twice");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Csv_files_with_quoted_commas_are_read_as_such()
    {
        var csv = "review,sentiment\n" + string.Join("\n", Positive.Select(p => $"\"{p}, really\",pos").Concat(Negative.Select(n => $"\"{n}, sadly\",neg"))) + "\n";
        using var upload = await Client.PostAsync("/api/datasets", Form(Definition("csv-reviews"), csv, trainName: "reviews.CSV"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var summary = (await upload.Content.ReadFromJsonAsync<UploadedDataset>(ApiClient.Json))!;
        Assert.Equal((12, DatasetFormat.Csv, (int?)null), (summary.Rows, summary.Format, summary.TestRows));
    }
}

/// <summary>Uploads over FedBpt:MaxUploadBytes are refused before they are read.</summary>
public sealed class DatasetUploadLimitTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private FedBptWebFactory _factory = null!;

    public Task InitializeAsync()
    {
        _factory = new FedBptWebFactory(_database.ConnectionString, new Dictionary<string, string?> { ["FedBpt:MaxUploadBytes"] = "2048" });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_oversized_upload_gets_413_and_is_not_stored()
    {
        using var client = _factory.CreateClient();
        var form = new MultipartFormDataContent
        {
            { new StringContent("{\"name\":\"big\"}"), "definition" },
            { new ByteArrayContent(new byte[200_000]), "train", "big.tsv" },
        };
        using var response = await client.PostAsync("/api/datasets", form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<UploadedDataset[]>("/api/datasets", ApiClient.Json))!);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _database.Dispose();
    }
}
