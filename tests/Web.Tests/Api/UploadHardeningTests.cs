using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace FedBpt.Web.Tests.Api;

/// <summary>
/// Uploads (issue #15, item 6): the name is checked before the files are read, rejected and deleted uploads leave
/// nothing in the cache folder, which only the service's user can read, and a long file name is a 400.
/// </summary>
public sealed class UploadHardeningTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private static readonly string CacheRoot = Path.Combine(Path.GetTempPath(), "fedbpt", "datasets");
    private HttpClient Client => app.Client;

    private const string Rows = "review\tsentiment\na delight\tpos\nwarm and smart\tpos\na tedious mess\tneg\ndull\tneg\n";

    private static JsonObject Definition(string name) => new()
    {
        ["name"] = name,
        ["template"] = "{text_a} It was <mask> .",
        ["textAColumn"] = "review",
        ["labelColumn"] = "sentiment",
        ["labels"] = new JsonArray(new JsonObject { ["label"] = "neg", ["word"] = "bad" }, new JsonObject { ["label"] = "pos", ["word"] = "great" }),
    };

    private static MultipartFormDataContent Form(JsonNode definition, string train, string fileName = "reviews.tsv") => new()
    {
        { new StringContent(definition.ToJsonString()), "definition" },
        { new ByteArrayContent(Encoding.UTF8.GetBytes(train)), "train", fileName },
    };

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static string[] CacheFoldersOf(string name) =>
        Directory.Exists(CacheRoot) ? Directory.GetDirectories(CacheRoot, name + "-*") : [];

    [Fact]
    public async Task A_300_character_file_name_is_a_400_naming_the_field()
    {
        using var response = await Client.PostAsync("/api/datasets", Form(Definition(UniqueName("long")), Rows, new string('r', 296) + ".tsv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Contains("characters", Assert.Single(problem.Errors["train"]));
    }

    [Fact]
    public async Task A_taken_name_is_refused_before_the_files_are_read()
    {
        var name = UniqueName("taken");
        using var first = await Client.PostAsync("/api/datasets", Form(Definition(name), Rows));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // This file would fail its checks (no 'review' column): a 409, not a 400, shows it was never parsed.
        using var second = await Client.PostAsync("/api/datasets", Form(Definition(name), "text\tsentiment\nx\tpos\n"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains(name, (await second.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task A_rejected_upload_leaves_no_files_in_the_cache()
    {
        var name = UniqueName("rejected");
        using var response = await Client.PostAsync("/api/datasets", Form(Definition(name), Rows + "so-so\tmixed\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(CacheFoldersOf(name));
    }

    [Fact]
    public async Task A_deleted_dataset_leaves_no_files_in_the_cache()
    {
        var name = UniqueName("deleted");
        using var created = await Client.PostAsync("/api/datasets", Form(Definition(name), Rows));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains((await Client.GetFromJsonAsync<JsonArray>("/api/tasks"))!, t => (string?)t!["name"] == name); // the catalog reads its files

        using var deleted = await Client.DeleteAsync($"/api/datasets/{name}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(CacheFoldersOf(name));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_cache_folder_and_its_files_are_for_the_service_s_user_only()
    {
        var name = UniqueName("private");
        using var created = await Client.PostAsync("/api/datasets", Form(Definition(name), Rows));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains((await Client.GetFromJsonAsync<JsonArray>("/api/tasks"))!, t => (string?)t!["name"] == name);

        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(Path.GetDirectoryName(CacheRoot)!) & others);
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(CacheRoot) & others);
        var folder = Assert.Single(CacheFoldersOf(name));
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(folder) & others);
        Assert.All(Directory.GetFiles(folder), f => Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(f) & others));
    }
}
