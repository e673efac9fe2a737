using FedBpt.Tests.Common;
using Microsoft.Playwright;

namespace FedBpt.E2E.Tests.Infrastructure;

/// <summary>The app and a browser, started once for every test in <see cref="BrowserCollection"/>.</summary>
public sealed class BrowserApp : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public LiveApp App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: $FEDBPT_ARTIFACTS, else artifacts/screenshots/ at the repository root (git-ignored).</summary>
    public static string Artifacts { get; } =
        Environment.GetEnvironmentVariable("FEDBPT_ARTIFACTS") is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.Combine(SharedPaths.RepositoryRoot, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Artifacts);
        App.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await Infrastructure.Browser.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser context (cookies, storage) and page for one test, at a desktop size.</summary>
    public async Task<BrowserPage> OpenAsync(string testName)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        // The machine is small and shared: give the server time, but fail well before the test run would hang.
        context.SetDefaultTimeout(20_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        return new BrowserPage(await context.NewPageAsync(), context, testName, App.Log);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
