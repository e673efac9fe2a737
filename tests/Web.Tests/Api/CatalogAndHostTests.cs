using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FedBpt.Web.Catalog;
using FedBpt.Web.Runtime;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FedBpt.Web.Tests.Api;

/// <summary>The catalog endpoints and what the host serves besides the API.</summary>
public sealed class CatalogAndHostTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private HttpClient Client => app.Client;

    [Fact]
    public async Task Models_lists_the_folders_in_the_model_roots_with_their_size()
    {
        var models = (await Client.GetFromJsonAsync<ModelInfo[]>("/api/models", ApiClient.Json))!;

        var tiny = Assert.Single(models, m => m.Name == "tiny-roberta-mlm");
        Assert.True(tiny.HasWeights);
        Assert.Equal((4, 256, 4, 50265, 256), (tiny.Layers, tiny.HiddenSize, tiny.AttentionHeads, tiny.VocabSize, tiny.MaxSequenceLength));
        using var loaded = app.Factory.Services.GetRequiredService<ModelCache>().Acquire("tiny-roberta-mlm");
        Assert.Equal(loaded.Assets.Model.parameters().Sum(p => p.numel()), tiny.ParameterCount); // 16.2 M on its model card
        Assert.Equal(("RoBERTa", "byte-level BPE"), (tiny.Family, tiny.Tokenizer));
        var tokenizerOnly = Assert.Single(models, m => m.Name == "roberta-tokenizer");
        Assert.False(tokenizerOnly.HasWeights);
        Assert.Equal("byte-level BPE", tokenizerOnly.Tokenizer);
        var minilm = Assert.Single(models, m => m.Name == "minilm-mlm");
        Assert.Equal(("BERT", "WordPiece", 6, 384, 512), (minilm.Family, minilm.Tokenizer, minilm.Layers, minilm.HiddenSize, minilm.MaxSequenceLength));
    }

    [Fact]
    public async Task Tasks_lists_the_built_in_tasks_with_the_splits_in_the_data_roots()
    {
        var tasks = (await Client.GetFromJsonAsync<TaskInfo[]>("/api/tasks", ApiClient.Json))!;

        var sst2 = Assert.Single(tasks, t => t.Name == "sst2");
        Assert.Equal((false, false, "train", "dev", "accuracy"), (sst2.Custom, sst2.Pair, sst2.TrainSplit, sst2.TestSplit, sst2.Metric));
        Assert.Equal(["bad", "great"], sst2.LabelWords);
        Assert.Equal(67349, Assert.Single(sst2.Splits, s => s.Split == "train").Rows);
        var dev = Assert.Single(sst2.Splits, s => s.Split == "dev");
        Assert.Equal((872, 872), (dev.Rows, dev.LabelCounts.Sum()));
        Assert.True(Assert.Single(tasks, t => t.Name == "rte").Pair);
        Assert.DoesNotContain(Assert.Single(tasks, t => t.Name == "snli").Splits, s => s.Split == "train");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        foreach (var path in new[] { "/api/experiments", "/api/experiments/{id}", "/api/experiments/{id}/metrics.csv", "/api/models", "/api/tasks", "/api/predict" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is documented");
        }
        Assert.Equal("CreateExperiment", paths.GetProperty("/api/experiments").GetProperty("post").GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task The_hangfire_dashboard_refuses_remote_requests()
    {
        // The test server's requests have no remote address, so Hangfire's default filter treats them as remote.
        var response = await Client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_home_page_and_the_blazor_script_are_served()
    {
        Assert.Contains("FedBpt", await Client.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/_framework/blazor.web.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/app.css")).StatusCode); // from the repository-root wwwroot/
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem()
    {
        var response = await Client.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
