using System.Net;
using System.Net.Http.Json;
using System.Text;
using FedBpt.Web.Tests.Infrastructure;

namespace FedBpt.Web.Tests.Security;

/// <summary>
/// A web page must not drive the service (issue #15, items 2 and 3): only the configured host names are served
/// (DNS rebinding), and unsafe requests whose Origin or Sec-Fetch-Site shows another site are refused before any
/// handler runs. Requests without those headers (curl, scripts) work as before.
/// </summary>
public sealed class HostAndOriginTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private HttpClient Client => app.Client;

    [Theory]
    [InlineData("GET", "/api/experiments")]
    [InlineData("POST", "/api/experiments/1/cancel")]
    [InlineData("GET", "/hangfire")]
    [InlineData("POST", "/hangfire/jobs/enqueued/delete")]
    [InlineData("POST", "/_blazor/negotiate?negotiateVersion=1")]
    [InlineData("GET", "/")]
    public async Task A_request_for_another_host_name_is_refused(string method, string path)
    {
        // What a page on a rebinding domain sends: its own name in Host, our address underneath.
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://rebind.attacker.example" + path);
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task The_loopback_names_are_served(string host)
    {
        using var response = await Client.GetAsync($"http://{host}:5080/api/experiments");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string, string> CrossSiteHeaders => new()
    {
        { "Origin", "http://attacker.example", "another site" },
        { "Origin", "http://localhost:6000", "another port of this host" },
        { "Origin", "http://127.0.0.1", "the same machine by another name" },
        { "Origin", "null", "a sandboxed frame or a file" },
        { "Sec-Fetch-Site", "cross-site", "no Origin, but the browser says cross-site" },
        { "Sec-Fetch-Site", "same-site", "a sibling origin" },
    };

    [Theory]
    [MemberData(nameof(CrossSiteHeaders))]
    public async Task An_unsafe_request_from_another_site_is_refused_before_the_handler(string header, string value, string because)
    {
        // A cross-site form or no-cors fetch: POST with no body needs no preflight. The handler would answer 404.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/experiments/999999/cancel");
        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await Client.SendAsync(request);

        Assert.True(HttpStatusCode.Forbidden == response.StatusCode, $"{because}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_run_cannot_be_cancelled_from_another_origin()
    {
        var id = await Client.CreateExperimentAsync("target", Specs.Tiny(numRounds: 50));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/experiments/{id}/cancel");
            request.Headers.TryAddWithoutValidation("Origin", "http://attacker.example");
            using var response = await Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.NotEqual(FedBpt.Storage.Entities.ExperimentStatus.Cancelled, (await Client.GetExperimentAsync(id)).Status);
        }
        finally
        {
            await Client.PostAsync($"/api/experiments/{id}/cancel", null);
        }
    }

    [Fact]
    public async Task A_multipart_upload_from_another_origin_is_refused_and_nothing_is_stored()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("""{"name":"planted","template":"{text_a} It was <mask> .","textAColumn":"t","labelColumn":"l","labels":[{"label":"0","word":"bad"},{"label":"1","word":"great"}]}"""), "definition" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("t\tl\na\t0\nb\t1\n")), "train", "planted.tsv" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/datasets") { Content = form };
        request.Headers.TryAddWithoutValidation("Origin", "http://attacker.example");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("planted", await Client.GetStringAsync("/api/datasets"));
    }

    [Theory]
    [InlineData("DELETE", "/api/datasets/anything")]
    [InlineData("DELETE", "/api/experiments/1")]
    [InlineData("POST", "/api/predict")]
    [InlineData("POST", "/hangfire/jobs/enqueued/delete")]
    public async Task Every_unsafe_method_is_checked(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation("Origin", "http://attacker.example");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_blazor_connection_from_another_origin_is_refused()
    {
        // A WebSocket is not subject to CORS: the browser sends the page's Origin and leaves the check to the server.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_blazor?id=x");
        request.Headers.TryAddWithoutValidation("Origin", "http://attacker.example");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Requests_from_the_service_s_own_pages_and_from_scripts_without_those_headers_work()
    {
        // Same origin, as the dashboard's own requests carry it.
        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/experiments/999999/cancel");
        own.Headers.TryAddWithoutValidation("Origin", "http://localhost");
        own.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(own)).StatusCode);

        // A typed address or a bookmark.
        using var typed = new HttpRequestMessage(HttpMethod.Post, "/api/experiments/999999/cancel");
        typed.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "none");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(typed)).StatusCode);

        // curl: no Origin, no Sec-Fetch-Site.
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsync("/api/experiments/999999/cancel", null)).StatusCode);

        // Reads are not refused for their Origin: another origin cannot read the answer (no CORS), and the host check stands.
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/experiments");
        read.Headers.TryAddWithoutValidation("Origin", "http://attacker.example");
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(read)).StatusCode);
    }

    [Fact]
    public async Task Json_endpoints_refuse_other_content_types()
    {
        // text/plain is what a cross-site form or no-cors fetch can send without a preflight.
        using var response = await Client.PostAsync("/api/experiments",
            new StringContent("""{"name":"x","spec":{}}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, (await Client.ListExperimentsAsync()).Items.Count(e => e.Name == "x"));
    }
}
