using Bunit;
using FedBpt.Engine.Hub;
using FedBpt.Storage.Datasets;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Catalog;
using FedBpt.Web.Hub;
using FedBpt.Web.Notifications;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using MudBlazor.Services;
using ModelsAndData = FedBpt.Web.Components.Pages.ModelsAndData;

namespace FedBpt.Web.Tests.Components.Catalog;

/// <summary>
/// The Models &amp; data page rendered by bUnit over the real services of a test host (its database, the shared
/// tiny model and data): what it lists, and registering and deleting a custom task through its form.
/// </summary>
public sealed class ModelsAndDataPageTests : IAsyncLifetime
{
    private const string Reviews =
        "review\tsentiment\n" +
        "a delight from start to finish\tpos\nwarm , funny and smart\tpos\nbeautifully acted\tpos\na triumph\tpos\n" +
        "a tedious mess\tneg\ndull and lifeless\tneg\nbadly acted\tneg\na failure\tneg\n";

    private readonly TempDatabase _database = new();
    private FedBptWebFactory _app = null!;
    private BunitContext _context = null!;
    private IRenderedComponent<MudSnackbarProvider> _snackbars = null!;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public Task InitializeAsync() => StartAsync();

    private Task StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _app = new FedBptWebFactory(_database.ConnectionString, settings);
        _context = new BunitContext();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        // The app's own instances of the services the page uses (a fallback to the app's root provider would also
        // hand bUnit's renderer the app's scoped framework services).
        foreach (var type in new[] { typeof(CatalogService), typeof(DatasetRegistration), typeof(DatasetRemoval), typeof(DatasetStore), typeof(ExperimentStore),
                     typeof(HubDownloads), typeof(HubAccess), typeof(RunNotifier) })
            _context.Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _context.Render<MudPopoverProvider>();
        _dialogs = _context.Render<MudDialogProvider>();
        _snackbars = _context.Render<MudSnackbarProvider>();
        return Task.CompletedTask;
    }

    private T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    [Fact]
    public void The_page_lists_the_tiny_model_with_its_four_layers_and_the_built_in_tasks()
    {
        var page = _context.Render<ModelsAndData>();

        var tiny = page.FindAll("tr").Single(r => r.TextContent.Contains("tiny-roberta-mlm"));
        var cells = tiny.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal(["present", "RoBERTa", "byte-level BPE", "4", "256", "4", "50,265", "256", "16.2 M"], cells[1..]);
        var minilm = page.FindAll("tr").Single(r => r.TextContent.Contains("minilm-mlm")).QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal(["present", "BERT", "WordPiece", "6", "384", "12", "30,522", "512"], minilm[1..^1]);
        Assert.Contains("none", page.FindAll("tr").Single(r => r.TextContent.Contains("roberta-tokenizer")).TextContent);
        Assert.DoesNotContain("No model with weights", page.Markup);

        var sst2 = page.Find("[aria-label='Task sst2']");
        Assert.Contains("67,349 rows", sst2.TextContent);
        Assert.Contains("{text_a} . It was <mask> .", sst2.TextContent);
        Assert.Equal(2, sst2.QuerySelectorAll("[role=img]").Length); // a label-balance bar per split
        Assert.Contains("bad: 428 (49.1%), great: 444 (50.9%)", sst2.InnerHtml);
        Assert.Contains("No data files found", page.Find("[aria-label='Task dbpedia']").TextContent);
        Assert.Contains("No uploaded tasks yet", page.Markup);
    }

    [Fact]
    public async Task Without_a_model_the_page_says_where_to_put_one()
    {
        var empty = Directory.CreateTempSubdirectory("fedbpt-no-models-").FullName;
        try
        {
            await DisposeHostAsync();
            await StartAsync(new Dictionary<string, string?> { ["FedBpt:ModelRoots:0"] = empty, ["FedBpt:ModelRoots:1"] = empty });

            var page = _context.Render<ModelsAndData>();

            var alert = page.Find("[aria-label='No model found']");
            Assert.Contains("No model with weights was found", alert.TextContent);
            Assert.Contains(empty, alert.TextContent);
            foreach (var file in new[] { "config.json", "model.safetensors", "pytorch_model.bin", "vocab.json", "merges.txt" })
                Assert.Contains(file, alert.TextContent);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task An_upload_whose_test_file_lacks_a_column_shows_the_column_error_and_stores_nothing()
    {
        var page = _context.Render<ModelsAndData>();

        FillForm(page, "movie-reviews", test: Reviews.Replace("review\tsentiment", "text\tsentiment", StringComparison.Ordinal));
        await RegisterAsync(page);

        page.WaitForAssertion(() =>
        {
            var alert = page.Find("[aria-label='Upload problem']").TextContent;
            Assert.Contains("'held-out.tsv' has no column 'review'", alert); // the user's file name
            Assert.Contains("text, sentiment", alert); // and the columns it has
        });
        Assert.Empty(await Service<DatasetStore>().ListAsync());
        Assert.Empty(page.FindAll("[aria-label='Task movie-reviews']"));
    }

    [Fact]
    public async Task Errors_of_the_definition_are_shown_at_their_fields()
    {
        var page = _context.Render<ModelsAndData>();

        await RegisterAsync(page); // nothing filled in

        page.WaitForAssertion(() => Assert.Contains("is required: a .tsv or .csv file", page.Find("#train-file").ParentElement!.TextContent));
        Assert.Contains("is required: the task name", TextField(page, "Task name").Markup);
        Assert.Contains("is required: the prompt text", TextField(page, "Template").Markup);
        Assert.Contains("map at least two labels", page.Markup);
        Assert.Empty(page.FindAll("[aria-label='Upload problem']"));
    }

    [Fact]
    public async Task A_valid_upload_appears_in_the_list()
    {
        var page = _context.Render<ModelsAndData>();

        FillForm(page, "movie-reviews", test: Reviews);
        await RegisterAsync(page);

        _snackbars.WaitForAssertion(() => Assert.Contains("Registered 'movie-reviews': 8 training rows, 8 test rows.", _snackbars.Markup));
        var card = page.Find("[aria-label='Task movie-reviews']");
        Assert.Contains("uploaded", card.TextContent);
        Assert.Contains("From reviews.tsv", card.TextContent);
        Assert.Contains("bad: 4 (50%), great: 4 (50%)", card.InnerHtml);
        Assert.Equal("movie-reviews", Assert.Single(await Service<DatasetStore>().ListAsync()).Name);
        Assert.Empty(TextField(page, "Task name").Instance.GetState(x => x.Value) ?? ""); // the form is ready for the next one
    }

    [Fact]
    public async Task Deleting_an_uploaded_task_is_refused_while_an_experiment_on_it_is_pending()
    {
        var registered = await Service<DatasetRegistration>().RegisterAsync(new DatasetUpload(
            new DatasetDefinition("busy", "{text_a} It was <mask> .", "review", null, "sentiment", [new("neg", "bad"), new("pos", "great")]),
            new UploadedFile("reviews.tsv", System.Text.Encoding.UTF8.GetBytes(Reviews)), null));
        Assert.True(registered.Succeeded, registered.Failure?.Message);
        var id = await Service<ExperimentStore>().CreateAsync(new ExperimentInsert
        {
            Name = "pending", SpecJson = "{}", Task = "busy", Model = "tiny-roberta-mlm", Algorithm = "fedbpt",
            NumClients = 2, NumRounds = 1, Iid = true, Seed = 1,
        });
        var page = _context.Render<ModelsAndData>();

        page.Find("[aria-label='Delete busy']").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("and its files will be removed", _dialogs.Markup));
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        _snackbars.WaitForAssertion(() => Assert.Contains($"Experiment(s) {id} on 'busy' are pending or running; cancel them first.", _snackbars.Markup));
        Assert.Single(await Service<DatasetStore>().ListAsync());
        Assert.Single(page.FindAll("[aria-label='Task busy']"));
    }

    private static IRenderedComponent<MudTextField<string>> TextField(IRenderedComponent<ModelsAndData> page, string label) =>
        page.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label);

    private static void FillForm(IRenderedComponent<ModelsAndData> page, string name, string? test)
    {
        var inputs = page.FindComponents<InputFile>();
        inputs[0].UploadFiles(InputFileContent.CreateFromText(Reviews, "reviews.tsv"));
        page.WaitForAssertion(() => Assert.Equal("neg", TextField(page, "Class 0 label").Instance.GetState(x => x.Value))); // labels read from the file
        if (test is not null)
        {
            inputs[1].UploadFiles(InputFileContent.CreateFromText(test, "held-out.tsv"));
            page.WaitForAssertion(() => Assert.Contains("held-out.tsv", page.Find("[aria-label='Chosen test file']").TextContent));
        }
        TextField(page, "Task name").Find("input").Input(name);
        TextField(page, "Template").Find("input").Input("{text_a} It was <mask> .");
        TextField(page, "Class 0 word").Find("input").Input("bad");
        TextField(page, "Class 1 word").Find("input").Input("great");
    }

    // Found and clicked in one go on the renderer's thread, so that no re-render comes in between.
    private static Task RegisterAsync(IRenderedComponent<ModelsAndData> page) =>
        page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Register task").Click());

    private async Task DisposeHostAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        await DisposeHostAsync();
        _database.Dispose();
    }
}
