using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FedBpt.Tests.Common;
using FedBpt.Web.Catalog;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace FedBpt.Web.Tests.Api;

/// <summary>
/// Error messages name a root as it is configured and a path relative to it, never the server's absolute paths,
/// and never .NET type names (issue #15, item 7).
/// </summary>
public sealed class ErrorMessageTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private readonly string _brokenModel = Path.Combine(Path.GetTempPath(), $"fedbpt-models-{Guid.NewGuid():N}");
    private FedBptWebFactory _factory = null!;
    private HttpClient _client = null!;

    // As appsettings.json writes them: relative to the folder that holds it (the repository root).
    private static readonly string ModelRoot = Path.GetRelativePath(SharedPaths.RepositoryRoot, SharedPaths.Models);
    private static readonly string DataRoot = Path.GetRelativePath(SharedPaths.RepositoryRoot, SharedPaths.Data);

    public Task InitializeAsync()
    {
        // A second model root with a model whose config.json is not JSON.
        Directory.CreateDirectory(Path.Combine(_brokenModel, "broken-model"));
        File.WriteAllText(Path.Combine(_brokenModel, "broken-model", "config.json"), "{ not json");
        _factory = new FedBptWebFactory(_database.ConnectionString, new Dictionary<string, string?>
        {
            ["FedBpt:ModelRoots:0"] = ModelRoot,
            ["FedBpt:ModelRoots:1"] = Path.GetRelativePath(SharedPaths.RepositoryRoot, _brokenModel),
            ["FedBpt:DataRoots:0"] = DataRoot,
            ["FedBpt:DataRoots:1"] = DataRoot,
        });
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    private static void AssertNoServerPath(string? message)
    {
        Assert.NotNull(message);
        Assert.DoesNotContain(SharedPaths.RepositoryRoot, message);
        Assert.DoesNotContain(Path.GetFullPath(SharedPaths.Shared), message);
        Assert.DoesNotMatch(@"(^|[\s'""(,:])/\w", message); // no absolute path starts anywhere in it
    }

    [Fact]
    public async Task A_missing_split_is_named_by_its_root_and_a_relative_path()
    {
        using var response = await _client.PostExperimentAsync("no train split", Specs.Tiny().With("task", "snli"));
        var message = Assert.Single((await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors["task"]);

        AssertNoServerPath(message);
        Assert.Contains(Path.Combine(DataRoot, "snli", "train.tsv"), message);
    }

    [Fact]
    public async Task The_models_list_reports_a_broken_model_without_the_server_s_paths()
    {
        var models = (await _client.GetFromJsonAsync<ModelInfo[]>("/api/models", ApiClient.Json))!;
        var broken = Assert.Single(models, m => m.Name == "broken-model");

        AssertNoServerPath(broken.Error);
        Assert.Contains(Path.Combine("broken-model", "config.json"), broken.Error);
    }

    [Fact]
    public async Task A_wrong_type_in_a_request_names_the_field_not_a_dotnet_type()
    {
        using var spec = await _client.PostExperimentAsync("typed", Specs.Tiny().With("numRounds", "ten"));
        var specError = Assert.Single((await spec.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors["numRounds"]);
        Assert.DoesNotContain("System.", specError);

        foreach (var body in new[] { "[1, 2]", """{"name": 5, "spec": {}}""", """{"experimentId": "one", "texts": []}""" })
        {
            var path = body.Contains("experimentId", StringComparison.Ordinal) ? "/api/predict" : "/api/experiments";
            using var response = await _client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var detail = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail;
            Assert.NotNull(detail);
            Assert.DoesNotContain("System.", detail);
            Assert.DoesNotContain("FedBpt.", detail);
            Assert.DoesNotContain("CreateExperimentRequest", detail);
            Assert.DoesNotContain("PredictRequest", detail);
        }
    }

    [Fact]
    public async Task An_unknown_spec_key_is_named_without_a_dotnet_type()
    {
        using var response = await _client.PostExperimentAsync("typo", Specs.Tiny().With("numRound", 3));
        var message = Assert.Single((await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors["numRound"]);
        Assert.DoesNotContain("FedBpt.", message);
        Assert.Contains("numRounds", message);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        _database.Dispose();
        Directory.Delete(_brokenModel, recursive: true);
    }
}
