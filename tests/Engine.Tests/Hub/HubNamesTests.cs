using FedBpt.Engine.Hub;

namespace FedBpt.Engine.Tests.Hub;

/// <summary>Repository ids and revisions by the Hub's rules (huggingface_hub validate_repo_id), and the settings the HF_* variables give.</summary>
public sealed class HubNamesTests
{
    [Theory]
    [InlineData("FacebookAI/roberta-large", "FacebookAI/roberta-large", "main", "models--FacebookAI--roberta-large")]
    [InlineData("roberta-base", "roberta-base", "main", "models--roberta-base")]
    [InlineData("google-bert/bert-base-uncased@v1.0", "google-bert/bert-base-uncased", "v1.0", "models--google-bert--bert-base-uncased")]
    [InlineData("org/name@refs/pr/1", "org/name", "refs/pr/1", "models--org--name")]
    [InlineData("Foo-BAR_foo.bar123", "Foo-BAR_foo.bar123", "main", "models--Foo-BAR_foo.bar123")]
    public void Valid_ids_parse_into_id_revision_and_cache_folder(string text, string id, string revision, string folder)
    {
        var repo = HubRepo.Parse(text);

        Assert.Equal((id, revision, folder), (repo.Id, repo.Revision, repo.FolderName));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b/c")]
    [InlineData("/srv/models")]
    [InlineData("org/")]
    [InlineData("-org/name")]
    [InlineData("org/name.")]
    [InlineData("org--x/name")]
    [InlineData("org/na..me")]
    [InlineData("org/name.git")]
    [InlineData("org/na me")]
    [InlineData("org\\name")]
    [InlineData("org/name@../../etc")]
    [InlineData("org/name@refs//x")]
    [InlineData("org/name@")]
    [InlineData("")]
    public void Names_that_could_leave_the_cache_or_the_Hub_refuses_are_refused(string text)
    {
        Assert.False(HubRepo.TryParse(text, HubRepoType.Model, out _, out var error));
        Assert.Contains($"'{(text.Contains('@') && HubRepo.IsValidId(text.Split('@')[0]) ? text.Split('@')[1] : text)}'", error); // names what is wrong
    }

    [Fact]
    public void Dataset_repositories_have_their_own_folder_and_url_prefix()
    {
        var repo = HubRepo.Parse("nyu-mll/glue", HubRepoType.Dataset).At("refs/convert/parquet");

        Assert.Equal(("datasets--nyu-mll--glue", "datasets/nyu-mll/glue"), (repo.FolderName, repo.UrlPath));
    }

    [Fact]
    public void Settings_come_from_the_options_first_then_the_HF_variables_then_the_defaults()
    {
        var home = Directory.CreateTempSubdirectory("fedbpt-hf-home-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(home, "token"), "hf_from_file\n");
            var env = new Dictionary<string, string> { ["HF_HOME"] = home, ["HF_HUB_OFFLINE"] = "yes", ["HF_ENDPOINT"] = "http://mirror.example:8080/" };

            var fromEnv = HubSettings.Resolve(null, "/base", env.GetValueOrDefault);
            var configured = HubSettings.Resolve(new HubOptions { Endpoint = "http://127.0.0.1:1", Cache = "cache", Token = "hf_configured", Offline = false }, "/base", env.GetValueOrDefault);
            env["HF_TOKEN"] = "hf_env";
            env["HF_HUB_CACHE"] = "/elsewhere/hub";
            var tokenEnv = HubSettings.Resolve(null, "/base", env.GetValueOrDefault);

            Assert.Equal(("http://mirror.example:8080/", Path.Combine(home, "hub"), "hf_from_file", true),
                (fromEnv.Endpoint.AbsoluteUri, fromEnv.Cache, fromEnv.Token, fromEnv.Offline));
            Assert.Equal(("http://127.0.0.1:1/", "/base/cache", "hf_configured", false),
                (configured.Endpoint.AbsoluteUri, configured.Cache, configured.Token, configured.Offline));
            Assert.Equal(("hf_env", "/elsewhere/hub"), (tokenEnv.Token, tokenEnv.Cache));
            Assert.DoesNotContain("hf_env", tokenEnv.ToString()); // never printed
            Assert.True(fromEnv.IsHub(new Uri("http://MIRROR.example:8080/x/resolve/main/config.json")));
            Assert.False(fromEnv.IsHub(new Uri("http://mirror.example:8081/blobs/x")));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void An_endpoint_that_is_not_http_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => HubSettings.Resolve(new HubOptions { Endpoint = "ftp://x" }, "/", _ => null));

        Assert.Contains("HF_ENDPOINT", e.Message);
    }
}
