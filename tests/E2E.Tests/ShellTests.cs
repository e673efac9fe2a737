using System.Text.RegularExpressions;
using FedBpt.E2E.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FedBpt.E2E.Tests;

/// <summary>The dashboard's frame in a real browser: it loads with its styles and scripts, and its navigation works.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellTests(BrowserApp browser)
{
    [Fact]
    public async Task The_shell_loads_with_its_styles_scripts_and_every_navigation_link()
    {
        await using var page = await browser.OpenAsync(nameof(The_shell_loads_with_its_styles_scripts_and_every_navigation_link));
        await page.GotoAsync("/");

        await Expect(page.Page).ToHaveTitleAsync("Experiments · FedBpt");
        await Expect(page.Page.GetByRole(AriaRole.Banner).GetByText("FedBpt", new() { Exact = true })).ToBeVisibleAsync();
        foreach (var link in new[] { "Experiments", "New experiment", "Compare", "Playground", "Models & data", "Background jobs", "REST API" })
            await Expect(page.NavLink(link)).ToBeVisibleAsync();
        // MudBlazor's stylesheet is applied (the app bar's header is a flex box), not just the bare HTML.
        Assert.Equal("flex", await page.Page.GetByRole(AriaRole.Banner).EvaluateAsync<string>("e => getComputedStyle(e).display"));
        await page.ScreenshotAsync("experiments");

        page.AssertNoProblems();
    }

    [Fact]
    public async Task The_navigation_menu_opens_each_page_and_the_drawer_toggles()
    {
        await using var page = await browser.OpenAsync(nameof(The_navigation_menu_opens_each_page_and_the_drawer_toggles));
        await page.GotoAsync("/models");
        await page.WaitForInteractiveAsync(page.Button("Register task"));

        // By the page's <title>, which each page sets: its heading and content change as the pages are built.
        foreach (var (link, path, title) in new[]
        {
            ("Experiments", "/", "^Experiments · FedBpt$"),
            ("New experiment", "/experiments/new", "^New ?experiment · FedBpt$"),
            ("Compare", "/compare", "^Compare · FedBpt$"),
            ("Playground", "/playground", "^Playground · FedBpt$"),
            ("Models & data", "/models", "^Models & data · FedBpt$"),
        })
        {
            await page.NavLink(link).ClickAsync();
            await Expect(page.Page).ToHaveURLAsync(browser.App.BaseUrl + path);
            await Expect(page.Page).ToHaveTitleAsync(new Regex(title, RegexOptions.IgnoreCase));
            await page.ScreenshotAsync(link);
        }

        // The layout is interactive: the menu button closes and reopens the drawer.
        var drawer = page.Page.Locator(".mud-drawer");
        await page.Button("Toggle navigation").ClickAsync();
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        await page.ScreenshotAsync("drawer closed");
        await page.Button("Toggle navigation").ClickAsync();
        await Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--open"));

        page.AssertNoProblems();
    }
}
