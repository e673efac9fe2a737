using System.Text.Json;
using System.Text.RegularExpressions;
using FedBpt.E2E.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FedBpt.E2E.Tests;

/// <summary>What a first-time user does: launch a quick run from the form, watch it grow, compare it with a baseline, download its prompt.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RunFlowTests(BrowserApp browser)
{
    private const float RoundTimeout = 120_000;

    [Fact]
    public async Task A_quick_run_from_the_form_grows_its_chart_compares_with_a_second_run_and_downloads_its_prompt()
    {
        await using var page = await browser.OpenAsync(nameof(A_quick_run_from_the_form_grows_its_chart_compares_with_a_second_run_and_downloads_its_prompt));
        // Start where interactivity is visible; from then on the nav links route inside the circuit (no pre-rendering).
        await page.GotoAsync("/models");
        await page.WaitForInteractiveAsync(page.Button("Register task"));

        int first = await LaunchQuickRunAsync(page, "e2e-fedbpt", baseline: null);
        var chart = page.Page.Locator(".fedbpt-chart").First;
        // Rounds take seconds alone, but `dotnet test FedBpt.sln` trains in other test assemblies on the same 2 cores.
        await Expect(chart).ToHaveAttributeAsync("data-points", new Regex("^[1-9]"), new() { Timeout = RoundTimeout });
        await Expect(chart.Locator(".js-plotly-plot")).ToBeVisibleAsync();
        await page.ScreenshotAsync("first point");
        await Expect(page.Page.Locator("#run-progress")).ToContainTextAsync("Round 2 / 2", new() { Timeout = RoundTimeout });
        await Expect(chart).ToHaveAttributeAsync("data-points", "2");
        await page.ScreenshotAsync("run completed");

        var bestPrompt = page.Page.GetByText("Best prompt", new() { Exact = true });
        await Expect(bestPrompt).ToBeEnabledAsync();
        var download = await page.Page.RunAndWaitForDownloadAsync(() => bestPrompt.ClickAsync());
        Assert.Equal($"experiment-{first}-prompt-best.json", download.SuggestedFilename);
        var saved = Path.Combine(BrowserApp.Artifacts, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        using (var prompt = JsonDocument.Parse(await File.ReadAllTextAsync(saved)))
        {
            Assert.Equal("sst2", prompt.RootElement.GetProperty("task").GetString());
            Assert.True(prompt.RootElement.GetProperty("z").GetArrayLength() > 0);
        }

        int second = await LaunchQuickRunAsync(page, "e2e-fedavg", baseline: "FedAvg-BBT");
        // Compare lists runs with at least one recorded round.
        await Expect(page.Page.Locator("#run-progress")).ToContainTextAsync(new Regex("Round [12] / 2"), new() { Timeout = RoundTimeout });

        await page.NavLink("Experiments").ClickAsync();
        foreach (var name in new[] { "e2e-fedbpt", "e2e-fedavg" })
            await page.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = name }).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.ScreenshotAsync("two selected");
        await page.Button("Compare (2)").ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex($"/compare\\?ids=({first},{second}|{second},{first})$"));
        await Expect(page.Page.Locator(".fedbpt-chart").First).ToHaveAttributeAsync("data-series", "2");
        await page.ScreenshotAsync("compare");

        page.AssertNoProblems();
    }

    private static async Task<int> LaunchQuickRunAsync(BrowserPage page, string name, string? baseline)
    {
        await page.NavLink("New experiment").ClickAsync();
        await page.Button("SST-2 — quick demo").ClickAsync();
        if (baseline is not null) await page.Button(baseline).ClickAsync();
        // The flow, not the model, is under test: the tiny model keeps each round to seconds (the preset's is minilm-mlm).
        var model = page.Page.GetByRole(AriaRole.Combobox, new() { Name = "Model", Exact = true });
        await model.ClickAsync();
        await page.Page.GetByRole(AriaRole.Option).Filter(new() { HasText = "tiny-roberta-mlm" }).ClickAsync();
        await Expect(model).ToContainTextAsync("tiny-roberta-mlm");
        await page.Field("Name").FillAsync(name);
        await page.Field("Rounds").FillAsync("2");
        await page.Field("Clients").FillAsync("2");
        await page.Field("Examples per class (k-shot)").FillAsync("4");
        await page.Field("Local iterations").FillAsync("2");
        await page.ScreenshotAsync($"new {name}");
        await page.Button("Launch").ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"/experiments/\d+$"));
        return int.Parse(page.Page.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
