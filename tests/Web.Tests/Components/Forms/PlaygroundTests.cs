using System.Text.Json;
using Bunit;
using FedBpt.Storage.Entities;
using Pages = FedBpt.Web.Components.Pages;
using FedBpt.Web.Experiments;
using FedBpt.Web.Tests.Infrastructure;

namespace FedBpt.Web.Tests.Components.Forms;

/// <summary>A one-round run on the tiny model, shared by the playground tests.</summary>
public sealed class TrainedRunFixture : IAsyncLifetime
{
    public WebAppFixture App { get; } = new();
    public int ExperimentId { get; private set; }

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var commands = App.Factory.Services.GetService(typeof(ExperimentCommands)) as ExperimentCommands;
        using var spec = JsonDocument.Parse(Specs.Tiny(numRounds: 1).ToJsonString());
        var outcome = await commands!.CreateAsync(new CreateExperimentRequest("playground run", spec.RootElement.Clone()));
        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        ExperimentId = outcome.Value;
        await App.Client.WaitForStatusAsync(ExperimentId, ExperimentStatus.Completed);
    }

    public Task DisposeAsync() => App.DisposeAsync();
}

public sealed class PlaygroundTests(TrainedRunFixture run) : PageTest(run.App.Factory), IClassFixture<TrainedRunFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private IRenderedComponent<ContainerFragment> RenderPlayground()
    {
        Navigation.NavigateTo($"playground?id={run.ExperimentId}");
        var cut = RenderWithProviders<Pages.Playground>();
        cut.WaitForElement("[data-testid=predict]", TimeSpan.FromSeconds(10));
        return cut;
    }

    [Fact]
    public void The_preselected_run_shows_its_prompts_round_and_accuracy()
    {
        var cut = RenderPlayground();

        cut.WaitForAssertion(() => Assert.Contains("round 1", cut.Find("[data-testid=prompt-info]").TextContent));
        Assert.Contains("% test accuracy", cut.Find("[data-testid=prompt-info]").TextContent);
        Assert.Contains("bad, great", cut.Markup);
    }

    [Fact]
    public void Predict_shows_each_sentence_with_tuned_and_zero_shot_labels()
    {
        var cut = RenderPlayground();

        cut.Find("#pg-texts").Input("a wonderful, moving film\nthe worst plot in years\n\nflat and dull");
        cut.Find("[data-testid=predict]").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=predictions] tbody tr").Count), Wait);
        var rows = cut.FindAll("[data-testid=predictions] tbody tr");
        Assert.Contains("a wonderful, moving film", rows[0].TextContent);
        foreach (var row in rows)
        {
            var tuned = row.QuerySelector("[data-role=tuned-label]")!.TextContent.Trim();
            var zero = row.QuerySelector("[data-role=zero-shot-label]")!.TextContent.Trim();
            Assert.Contains(tuned, new[] { "bad", "great" });
            Assert.Contains(zero, new[] { "bad", "great" });
            Assert.Equal(tuned != zero ? "true" : "false", row.GetAttribute("data-disagree"));
            Assert.Equal(4, row.QuerySelectorAll(".prob-bars > div").Length); // two classes, tuned and zero-shot
        }
        Assert.Contains("round 1", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=predict-error]"));
    }

    [Fact]
    public void A_refused_request_shows_the_services_message()
    {
        var cut = RenderPlayground();

        cut.Find("#pg-texts").Input(new string('x', 2500));
        cut.Find("[data-testid=predict]").Click();

        cut.WaitForAssertion(() => Assert.Contains("the limit is 2000", cut.Find("[data-testid=predict-error]").TextContent), Wait);
        Assert.Empty(cut.FindAll("[data-testid=predictions]"));
    }

    [Fact]
    public void An_empty_input_is_explained_without_calling_the_model()
    {
        var cut = RenderPlayground();

        cut.Find("[data-testid=predict]").Click();

        cut.WaitForAssertion(() => Assert.Contains("at least one sentence", cut.Find("[data-testid=predict-error]").TextContent));
    }
}
