using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using FedBpt.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FedBpt.Web.Tests.Security;

/// <summary>
/// Beyond localhost (issue #15, item 4): a binding that is not loopback needs FedBpt:Auth:Token, or the service
/// does not start; with a token, the API takes it as a bearer token and the dashboard, Blazor and Hangfire take
/// the cookie its login page sets.
/// </summary>
public sealed partial class AuthTests
{
    private const string Token = "correct-horse-battery-staple-42";

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://127.0.0.1:5080;http://192.168.1.20:5080")]
    [InlineData("http://fedbpt.lab.example:5080")]
    public void A_non_loopback_binding_without_a_token_stops_the_service_at_start_saying_how_to_set_one(string urls)
    {
        using var database = new TempDatabase();
        using var factory = new FedBptWebFactory(database.ConnectionString, new Dictionary<string, string?> { ["urls"] = urls });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = (error is AggregateException a ? a.InnerException! : error).Message;
        Assert.Contains("FedBpt:Auth:Token", message);
        Assert.Contains("FedBpt__Auth__Token", message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080;http://127.0.0.2:6000")]
    public void Loopback_bindings_need_no_token(string urls)
    {
        using var database = new TempDatabase();
        using var factory = new FedBptWebFactory(database.ConnectionString, new Dictionary<string, string?> { ["urls"] = urls });
        using var client = factory.CreateClient();
    }

    [Fact]
    public void A_short_token_is_refused_at_start()
    {
        using var database = new TempDatabase();
        using var factory = new FedBptWebFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["urls"] = "http://0.0.0.0:5080",
            ["FedBpt:Auth:Token"] = "secret",
        });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("FedBpt:Auth:Token", (error is AggregateException a ? a.InnerException! : error).Message);
    }

    [Fact]
    public async Task With_a_token_the_api_needs_it_as_a_bearer_token()
    {
        using var database = new TempDatabase();
        await using var factory = Secured(database);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var anonymous = await client.GetAsync("/api/experiments");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/experiments") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token + "x") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/experiments") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);

        using var cancel = new HttpRequestMessage(HttpMethod.Post, "/api/experiments/1/cancel");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(cancel)).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/experiments/new")]
    [InlineData("/hangfire")]
    public async Task With_a_token_the_dashboard_sends_a_visitor_to_the_login_page(string path)
    {
        using var database = new TempDatabase();
        await using var factory = Secured(database);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location?.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));

        using var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.NotEqual(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task Logging_in_with_the_token_sets_a_cookie_that_opens_the_dashboard_blazor_and_hangfire()
    {
        using var database = new TempDatabase();
        await using var factory = Secured(database);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var refused = await LogInAsync(client, "not-the-token-at-all-0000");
        Assert.True(HttpStatusCode.Unauthorized == refused.StatusCode, $"{refused.StatusCode}: {await refused.Content.ReadAsStringAsync()}");
        Assert.Contains("That is not this service", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

        using var login = await LogInAsync(client, Token, returnUrl: "/experiments/new");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/experiments/new", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("FedBpt.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/experiments")).StatusCode);
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        negotiate.Headers.TryAddWithoutValidation("Origin", "http://localhost");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(negotiate)).StatusCode);
    }

    [Fact]
    public async Task The_login_page_sends_a_visitor_back_only_to_this_site()
    {
        using var database = new TempDatabase();
        await using var factory = Secured(database);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var login = await LogInAsync(client, Token, returnUrl: "https://attacker.example/phish");
        Assert.Equal("/", login.Headers.Location?.OriginalString);
    }

    private static FedBptWebFactory Secured(TempDatabase database) => new(database.ConnectionString, new Dictionary<string, string?>
    {
        ["urls"] = "http://0.0.0.0:5080",
        ["FedBpt:Auth:Token"] = Token,
    });

    private static async Task<HttpResponseMessage> LogInAsync(HttpClient client, string token, string? returnUrl = null)
    {
        var page = await client.GetStringAsync("/login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        var antiforgery = AntiforgeryField().Match(page);
        Assert.True(antiforgery.Success, "the login form carries an antiforgery token");
        var fields = new Dictionary<string, string> { ["token"] = token, [antiforgery.Groups[1].Value] = antiforgery.Groups[2].Value };
        if (returnUrl is not null) fields["returnUrl"] = returnUrl;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.TryAddWithoutValidation("Origin", "http://localhost");
        return await client.SendAsync(request);
    }

    [GeneratedRegex("""<input[^>]*name="([^"]*RequestVerificationToken[^"]*)"[^>]*value="([^"]+)""")]
    private static partial Regex AntiforgeryField();
}
