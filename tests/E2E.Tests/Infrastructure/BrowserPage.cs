using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FedBpt.E2E.Tests.Infrastructure;

/// <summary>
/// One test's page, with the helpers the tests share: locators by role, label and text (what a user sees, not
/// CSS classes), a screenshot of every page visited, and the browser's own errors (console errors, failed
/// requests), which a test asserts are absent.
/// </summary>
public sealed partial class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _testName;
    private readonly List<string> _problems = [];
    private readonly ServerLog _serverLog;
    private readonly long _serverLogMark;
    private int _shots;

    public BrowserPage(IPage page, IBrowserContext context, string testName, ServerLog serverLog)
    {
        _serverLog = serverLog;
        _serverLogMark = serverLog.Mark;
        Page = page;
        _context = context;
        _testName = testName;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") _problems.Add($"console: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => _problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => _problems.Add($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400) _problems.Add($"HTTP {response.Status}: {response.Url}");
        };
    }

    public IPage Page { get; }

    /// <summary>
    /// What went wrong so far: in the browser, console errors, script errors, failed or 4xx/5xx requests; on the
    /// server, errors logged since this page was opened.
    /// </summary>
    public IReadOnlyList<string> Problems => [.. _problems, .. _serverLog.ErrorsSince(_serverLogMark).Select(e => "server: " + e)];

    /// <summary>Fails with every problem reported, one per line.</summary>
    public void AssertNoProblems()
    {
        var problems = Problems;
        Assert.True(problems.Count == 0, "Problems were reported:\n" + string.Join("\n", problems));
    }

    public async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        if (response is { Ok: false })
        {
            var body = await Page.InnerTextAsync("body");
            Assert.Fail($"GET {path} answered {response.Status}:\n{body[..Math.Min(body.Length, 2000)]}\n" +
                string.Join("\n", _serverLog.ErrorsSince(_serverLogMark)));
        }
    }

    /// <summary>The page's title heading (the h5 each page starts with), by its text.</summary>
    public ILocator Heading(string text) => Page.GetByRole(AriaRole.Heading, new() { Name = text, Exact = true, Level = 5 });

    public ILocator NavLink(string name) => Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>A MudBlazor text field or select by its label.</summary>
    public ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    /// <summary>A snackbar message containing <paramref name="text"/>.</summary>
    public ILocator Snackbar(string text) => Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = text });

    /// <summary>
    /// Picks <paramref name="option"/> in the MudSelect labelled <paramref name="label"/>: opens its list, clicks
    /// the option, and waits for the list to close.
    /// </summary>
    public async Task SelectAsync(string label, string option)
    {
        var combobox = Page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });
        await combobox.ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(combobox).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(combobox).ToHaveTextAsync(option);
    }

    /// <summary>
    /// Sets the file of the <c>input type=file</c> inside <paramref name="container"/> until <paramref name="shown"/>
    /// appears. Blazor's InputFile attaches its change listener from JavaScript after its first interactive render,
    /// a moment after the rest of the page turns interactive; a file set before that is lost, so it is set again.
    /// </summary>
    public async Task SetFileAsync(ILocator container, FilePayload file, ILocator shown)
    {
        var input = container.Locator("input[type=file]");
        for (int attempt = 1; ; attempt++)
        {
            await input.SetInputFilesAsync(file);
            try
            {
                await Expect(shown).ToBeVisibleAsync(new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>
    /// Waits until Blazor has attached to the page, by an element that renders enabled only once interactive
    /// (the server pre-renders each page first, and clicks on the pre-rendered HTML do nothing).
    /// </summary>
    public Task WaitForInteractiveAsync(ILocator enabledWhenInteractive) => Expect(enabledWhenInteractive).ToBeEnabledAsync();

    /// <summary>
    /// Saves a screenshot as &lt;artifacts&gt;/&lt;test&gt;-&lt;n&gt;-&lt;name&gt;.png: the whole page, or only the
    /// viewport (for a dialog, whose overlay covers only the viewport).
    /// </summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        // Let MudBlazor's transitions (snackbars, popovers, ripples) settle so the picture shows the final state.
        await Page.WaitForTimeoutAsync(400);
        // From the top: the app bar and drawer are fixed, and a full-page picture draws them where the page was scrolled to.
        if (fullPage) await Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var file = Path.Combine(BrowserApp.Artifacts, $"{Slug(_testName)}-{++_shots:00}-{Slug(name)}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = fullPage });
        return file;
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private static string Slug(string text) => SlugPattern().Replace(text.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugPattern();
}
