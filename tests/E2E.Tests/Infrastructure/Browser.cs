using Microsoft.Playwright;

namespace FedBpt.E2E.Tests.Infrastructure;

/// <summary>
/// Headless Chromium from the system (Debian's <c>chromium</c> package, installed by .ci/install), driven by
/// Playwright's bundled driver; <c>playwright install</c> is never needed. FEDBPT_CHROMIUM overrides the path.
/// </summary>
public static class Browser
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("FEDBPT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"No Chromium at {ExecutablePath}: run .ci/install (apt package 'chromium') or set FEDBPT_CHROMIUM.");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }
}
