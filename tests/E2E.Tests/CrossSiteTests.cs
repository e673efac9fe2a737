using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedBpt.E2E.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FedBpt.E2E.Tests;

/// <summary>
/// A page on another origin, in a real browser, tries what the probe did (issue #15, item 3): cancel a run
/// with a form post and a no-cors fetch, and upload a dataset with a multipart fetch. None needs a preflight, so
/// only the service can refuse them, from the Origin and Sec-Fetch-Site headers Chromium sends.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossSiteTests(BrowserApp browser)
{
    public static TheoryData<string, string> Attackers => new()
    {
        // The service is at http://127.0.0.1:<port>. localhost is another site (Sec-Fetch-Site: cross-site) …
        { "localhost", "cross-site" },
        // … and another port of the same address is the same site but another origin (Sec-Fetch-Site: same-site).
        { "127.0.0.1", "same-site" },
    };

    [Theory]
    [MemberData(nameof(Attackers))]
    public async Task A_page_on_another_origin_can_neither_cancel_a_run_nor_upload_a_dataset(string attackerHost, string fetchSite)
    {
        using var api = new HttpClient { BaseAddress = new Uri(browser.App.BaseUrl) };
        var id = await CreateLongRunAsync(api);
        try
        {
            // A real server on another port, so that the browser treats the page as it would any local page.
            using var site = AttackerSite.Start(attackerHost, AttackPage(browser.App.BaseUrl, id));
            var attacker = site.Origin;
            await using var page = await browser.OpenAsync($"cross-site from {attackerHost}");
            var responses = new List<IResponse>();
            page.Page.Response += (_, response) =>
            {
                if (response.Url.StartsWith(browser.App.BaseUrl, StringComparison.Ordinal)) responses.Add(response);
            };

            await page.Page.GotoAsync($"{attacker}/attack.html");
            Assert.Equal(attacker, await page.Page.EvaluateAsync<string>("() => location.origin"));
            long mark = browser.App.Log.Mark;
            await page.Page.EvaluateAsync("() => window.fetches()");
            var fetches = responses.ToArray();
            Assert.Equal(2, fetches.Length);
            Assert.All(fetches, fetch => Assert.Equal(403, fetch.Status));
            // Chromium does not report a no-cors request's headers to Playwright; the service logs what it refused on.
            var refusals = browser.App.Log.WarningsSince(mark).Where(w => w.Contains("came from another site", StringComparison.Ordinal)).ToArray();
            Assert.Equal(2, refusals.Length);
            Assert.All(refusals, r => Assert.Contains($"Sec-Fetch-Site: {fetchSite}", r));
            var form = await page.Page.RunAndWaitForResponseAsync(() => page.Page.EvaluateAsync("() => window.post()"),
                r => r.Request.ResourceType == "document" && r.Request.Method == "POST");
            Assert.Equal(403, form.Status);
            var sent = await form.Request.AllHeadersAsync();
            Assert.Equal((attacker, fetchSite), (sent.GetValueOrDefault("origin"), sent.GetValueOrDefault("sec-fetch-site")));

            Assert.NotEqual("Cancelled", (await api.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}")).GetProperty("status").GetString());
            Assert.DoesNotContain("planted", await api.GetStringAsync("/api/datasets"));
        }
        finally
        {
            (await api.PostAsync($"/api/experiments/{id}/cancel", null)).EnsureSuccessStatusCode();
        }
    }

    private static async Task<int> CreateLongRunAsync(HttpClient api)
    {
        var spec = new JsonObject
        {
            ["task"] = "sst2", ["model"] = "tiny-roberta-mlm", ["numClients"] = 2, ["numRounds"] = 200, ["kShot"] = 4,
            ["intrinsicDim"] = 20, ["nPromptTokens"] = 5, ["verbalizerLeadingSpace"] = true,
        };
        using var created = await api.PostAsJsonAsync("/api/experiments", new JsonObject { ["name"] = "target of a cross-site page", ["spec"] = spec });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>Serves one page on a free port of this machine, as another local program's web server would.</summary>
    private sealed class AttackerSite : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly byte[] _page;

        private AttackerSite(string host, string page)
        {
            _page = System.Text.Encoding.UTF8.GetBytes(page);
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Origin = $"http://{host}:{port}";
            _listener.Prefixes.Add($"{Origin}/");
            _listener.Start();
            _ = ServeAsync();
        }

        public string Origin { get; }

        public static AttackerSite Start(string host, string page) => new(host, page);

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.OutputStream.WriteAsync(_page);
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }

    /// <summary>What the probe's page did: two fetches that need no preflight, and a plain form post (a navigation).</summary>
    private static string AttackPage(string service, int id) => $$"""
        <!DOCTYPE html>
        <html><body>
        <form id="cancel" method="post" action="{{service}}/api/experiments/{{id}}/cancel"></form>
        <script>
          window.fetches = async () => {
            await fetch('{{service}}/api/experiments/{{id}}/cancel', { method: 'POST', mode: 'no-cors' });
            const form = new FormData();
            form.append('definition', JSON.stringify({ name: 'planted', template: '{text_a} It was <mask> .', textAColumn: 't',
              labelColumn: 'l', labels: [{ label: '0', word: 'bad' }, { label: '1', word: 'great' }] }));
            form.append('train', new Blob(['t\tl\na\t0\nb\t1\n'], { type: 'text/tab-separated-values' }), 'planted.tsv');
            await fetch('{{service}}/api/datasets', { method: 'POST', mode: 'no-cors', body: form });
          };
          window.post = () => document.getElementById('cancel').submit();
        </script>
        </body></html>
        """;
}
