using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FedBpt.Web.Tests.Api;

/// <summary>Bad create requests are refused with the offending fields named, and nothing is stored.</summary>
public sealed class CreateValidationTests(WebAppFixture app) : IClassFixture<WebAppFixture>, IAsyncLifetime
{
    private HttpClient Client => app.Client;

    public static TheoryData<string, JsonNode?, string> InvalidSpecs => new()
    {
        { "zero rounds", Specs.Tiny().With("numRounds", 0), "numRounds" },
        { "negative sigma", Specs.Tiny().With("sigma", -1.5), "sigma" },
        { "popsize 1", Specs.Tiny().With("localPopsize", 1), "localPopsize" },
        { "unknown algorithm", Specs.Tiny().With("algorithm", "sgd"), "algorithm" },
        { "eval client out of range", Specs.Tiny().With("evalClients", new JsonArray("site-9")), "evalClients" },
        { "wrong type", Specs.Tiny().With("numRounds", "ten"), "numRounds" },
        { "unknown key", Specs.Tiny().With("numRound", 3), "numRound" },
        { "unknown task", Specs.Tiny().With("task", "imdb"), "task" },
        { "task without a train split", Specs.Tiny().With("task", "snli"), "task" },
        { "unknown model", Specs.Tiny().With("model", "roberta-huge"), "model" },
        { "model without weights", Specs.Tiny().With("model", "roberta-tokenizer"), "model" },
        { "path traversal", Specs.Tiny().With("model", "../x"), "model" },
        { "rooted path", Specs.Tiny().With("model", "/srv/models/tiny-roberta-mlm"), "model" },
        { "a billion clients", Specs.Tiny().With("numClients", 1_000_000_000), "numClients" },
        { "no evaluating site", Specs.Tiny().With("evalClients", new JsonArray()), "evalClients" },
        { "sigma that overflows", Specs.Tiny().With("sigma", 1e300), "sigma" },
        { "a projection over the memory budget", Specs.Tiny().With("intrinsicDim", 100_000).With("nPromptTokens", 50), "intrinsicDim" },
        { "a covariance over the memory budget", Specs.Tiny().With("intrinsicDim", 20_000), "intrinsicDim" },
        { "spec missing", null, "spec" },
        { "spec not an object", JsonValue.Create(42), "spec" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public async Task An_invalid_spec_is_400_naming_the_field(string because, JsonNode? spec, string field)
    {
        var response = await Client.PostExperimentAsync("bad", spec);

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{because}: {response.StatusCode}");
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.True(problem!.Errors.ContainsKey(field), $"{because}: errors are for {string.Join(", ", problem.Errors.Keys)}");
        Assert.All(problem.Errors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once()
    {
        var spec = Specs.Tiny().With("numRounds", 0).With("sigma", 0).With("task", "nope").With("model", "..");
        var response = await Client.PostExperimentAsync("", spec);

        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Equal(["model", "name", "numRounds", "sigma", "task"], problem!.Errors.Keys.Order());
    }

    [Fact]
    public async Task A_run_over_the_memory_budget_is_refused_with_the_estimate()
    {
        var response = await Client.PostExperimentAsync("too big", Specs.Tiny().With("intrinsicDim", 20_000));

        var message = Assert.Single((await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors["intrinsicDim"]);
        Assert.Contains("GiB", message);
        Assert.Contains("FedBpt:MaxRunMemoryBytes", message);
    }

    [Fact]
    public async Task A_key_given_twice_is_a_400_naming_it()
    {
        foreach (var (body, key) in new[]
                 {
                     ("""{"name": "dup", "spec": {"numRounds": 2, "numRounds": 2000}}""", "numRounds"),
                     ("""{"name": "a", "name": "b", "spec": {}}""", "name"),
                 })
        {
            var response = await Client.PostAsync("/api/experiments", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Contains($"'{key}' is given twice", text);
        }
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await Client.PostAsync("/api/experiments", new StringContent("{\"name\": \"x\", \"spec\": {", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("JSON", problem!.Detail);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var padding = new string('x', 1024 * 1024);
        var response = await Client.PostAsync("/api/experiments",
            new StringContent($"{{\"name\": \"{padding}\", \"spec\": {{}}}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Predict_checks_its_texts()
    {
        var tooMany = Enumerable.Repeat("fine", 65).ToArray();
        foreach (var body in new object[]
                 {
                     new { experimentId = 1, texts = Array.Empty<string>() },
                     new { experimentId = 1, texts = tooMany },
                     new { experimentId = 1, texts = new[] { new string('a', 2001) } },
                     new { experimentId = 1, which = "worst", texts = new[] { "fine" } },
                 })
        {
            var response = await Client.PostAsJsonAsync("/api/predict", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>After each refused request the database holds no experiment.</summary>
    public async Task DisposeAsync() => Assert.Equal(0, (await Client.ListExperimentsAsync()).TotalCount);
}
