using System.Net;
using FedBpt.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Tests.Security;

/// <summary>Which bindings other machines can reach, from every place the configuration can set one.</summary>
public sealed class BindingTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    [Fact]
    public void Bindings_come_from_urls_kestrel_endpoints_and_the_ports_variables()
    {
        Assert.Equal(["http://127.0.0.1:5080", "http://0.0.0.0:7000"], ServerBindings.Of(Config(
            ("urls", "http://127.0.0.1:5080"), ("Kestrel:Endpoints:Lab:Url", "http://0.0.0.0:7000"))));
        // HTTP_PORTS means every interface, and applies only when no URL is set.
        Assert.Equal(["http://*:8080"], ServerBindings.Of(Config(("http_ports", "8080"))));
        Assert.Equal(["http://localhost:5000"], ServerBindings.Of(Config(("urls", "http://localhost:5000"), ("http_ports", "8080"))));
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://LOCALHOST:5080", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.9.9.9:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://unix:/run/fedbpt.sock", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("https://10.0.0.5:443", false)]
    [InlineData("http://gpu-box.lab:5080", false)]
    [InlineData("not a url", false)]
    public void Only_loopback_and_unix_sockets_count_as_local(string url, bool loopback) =>
        Assert.Equal(loopback, ServerBindings.IsLoopback(url));

    [Theory]
    [InlineData("192.168.1.20", "", 403)]
    [InlineData("192.168.1.20", "a-token-of-sixteen-chars", 200)]
    [InlineData("127.0.0.1", "", 200)]
    [InlineData("::ffff:127.0.0.1", "", 200)]
    public async Task Without_a_token_only_loopback_connections_are_answered(string localAddress, string token, int status)
    {
        var guard = new LoopbackOnlyGuard(_ => Task.CompletedTask, Options.Create(new AuthOptions { Token = token }));
        var context = new DefaultHttpContext { Connection = { LocalIpAddress = IPAddress.Parse(localAddress) } };
        context.Response.StatusCode = 200;

        await guard.InvokeAsync(context);
        Assert.Equal(status, context.Response.StatusCode);
    }
}
