using Bunit;
using FedBpt.Engine.Hub;
using FedBpt.Web.Components.Catalog;
using FedBpt.Web.Components.Pages;
using FedBpt.Web.Notifications;

namespace FedBpt.Web.Tests.Components;

/// <summary>Hub downloads on the pages: the run page before round 1, and the Models page's Add from the Hub.</summary>
public sealed class HubDownloadPageTests : DashboardContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_run_page_shows_its_own_downloads_before_round_one_with_bytes_rate_and_time_left()
    {
        var id = await CreateRunningAsync();
        var page = Render<RunDetail>(p => p.Add(x => x.Id, id));
        page.WaitForElement("#run-progress", Wait);

        Notifier.PublishDownload(new DownloadUpdate(id, new DownloadProgress("FacebookAI/roberta-large", "model.safetensors", 512L << 20, 1024L << 20, 64 << 20)));
        Notifier.PublishDownload(new DownloadUpdate(id + 1, new DownloadProgress("other/model", "config.json", 1, 2, 1)));

        page.WaitForAssertion(() =>
        {
            var text = page.Find("#run-downloads").TextContent;
            Assert.Contains("FacebookAI/roberta-large", text);
            Assert.Contains("512 MiB / 1 GiB · 64 MiB/s · about 8.0 s left", text);
            Assert.DoesNotContain("other/model", text); // another run's download
        }, Wait);

        await RecordAsync(id, 0, 0.6);
        PublishRound(id, 0, 0.6);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#run-downloads")), Wait); // gone once round 1 is in
    }

    [Fact]
    public void Add_from_the_Hub_names_the_shared_cache_and_is_off_when_offline()
    {
        var form = Render<HubAddForm>(); // this context's Hub is offline

        Assert.Contains("Offline", form.Find("#hub-offline").TextContent);
        Assert.Contains(HubCache, form.Markup);
        Assert.True(form.Find("#hub-download").HasAttribute("disabled"));
        Assert.True(form.Find("#hub-name").HasAttribute("disabled"));
    }
}
