using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FedBpt.Web.Tests.Infrastructure;

namespace FedBpt.Web.Tests.Api;

/// <summary>
/// Deleting a dataset while an experiment on it is being created (issue #15, item 7): one of the two must lose.
/// Before the fix, both succeeded in about 3 of 20 tries, leaving an experiment whose task was gone.
/// </summary>
public sealed class DatasetRaceTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private HttpClient Client => app.Client;

    [Fact]
    public async Task A_dataset_delete_racing_an_experiment_create_never_lets_both_succeed()
    {
        const string rows = "review\tsentiment\na delight\tpos\nwarm and smart\tpos\na tedious mess\tneg\ndull\tneg\n";
        var outcomes = new List<(HttpStatusCode Create, HttpStatusCode Delete)>();
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var name = $"race-{attempt}-{Guid.NewGuid():N}"[..30];
            var definition = new JsonObject
            {
                ["name"] = name, ["template"] = "{text_a} It was <mask> .", ["textAColumn"] = "review", ["labelColumn"] = "sentiment",
                ["labels"] = new JsonArray(new JsonObject { ["label"] = "neg", ["word"] = "bad" }, new JsonObject { ["label"] = "pos", ["word"] = "great" }),
            };
            using var form = new MultipartFormDataContent
            {
                { new StringContent(definition.ToJsonString()), "definition" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(rows)), "train", "race.tsv" },
            };
            using (var upload = await Client.PostAsync("/api/datasets", form)) Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

            var create = Client.PostExperimentAsync("racer", Specs.Tiny(numRounds: 1).With("task", name).With("kShot", -1));
            var delete = Client.DeleteAsync($"/api/datasets/{name}");
            using var created = await create;
            using var deleted = await delete;
            outcomes.Add((created.StatusCode, deleted.StatusCode));

            if (created.StatusCode == HttpStatusCode.Created)
            {
                var id = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<JsonObject>(created.Content))!["id"]!.GetValue<int>();
                await Client.PostAsync($"/api/experiments/{id}/cancel", null);
            }
        }

        Assert.All(outcomes, o =>
        {
            Assert.False(o is (HttpStatusCode.Created, HttpStatusCode.NoContent), "both the create and the delete succeeded");
            Assert.True(o.Create == HttpStatusCode.Created || o.Delete == HttpStatusCode.NoContent, $"neither succeeded: {o}");
        });
    }
}
