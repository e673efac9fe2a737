using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FedBpt.Storage.Datasets;
using FedBpt.Storage.Entities;
using FedBpt.Tests.Common.Hub;
using FedBpt.Web.Catalog;
using FedBpt.Web.Tests.Infrastructure;

namespace FedBpt.Web.Tests.Hub;

/// <summary>A custom task may be a Parquet file (e.g. one taken from the Hub), labels given by class name.</summary>
public sealed class ParquetUploadTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task A_parquet_upload_is_read_with_its_class_names_and_rows_without_a_label_are_left_out()
    {
        var texts = new[] { "a delight", "a tedious mess", "warm and funny", "dull", "moving", "boring", "hidden" };
        var parquet = ParquetFixtures.Write([("review", texts)], "stars", [1, 0, 1, 0, 1, 0, -1], ["low", "high"]);
        var definition = new JsonObject
        {
            ["name"] = "parquet-reviews",
            ["template"] = "{text_a} It was <mask> .",
            ["textAColumn"] = "review",
            ["labelColumn"] = "stars",
            ["labels"] = new JsonArray(new JsonObject { ["label"] = "low", ["word"] = "bad" }, new JsonObject { ["label"] = "high", ["word"] = "great" }),
        };
        using var form = new MultipartFormDataContent
        {
            { new StringContent(definition.ToJsonString()), "definition" },
            { new ByteArrayContent(parquet), "train", "reviews.parquet" },
        };

        using var response = await app.Client.PostAsync("/api/datasets", form);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var summary = (await response.Content.ReadFromJsonAsync<UploadedDataset>(ApiClient.Json))!;
        Assert.Equal((6, DatasetFormat.Parquet), (summary.Rows, summary.Format));
        var tasks = (await app.Client.GetFromJsonAsync<TaskInfo[]>("/api/tasks", ApiClient.Json))!;
        var train = tasks.Single(t => t.Name == "parquet-reviews").Splits.Single(s => s.Split == "train");
        Assert.Equal([3, 3], train.LabelCounts);
    }
}
