using System.Net;

namespace FedBpt.Web.Security;

/// <summary>
/// Where the configuration tells Kestrel to listen: <c>Urls</c> (also <c>--urls</c> and <c>ASPNETCORE_URLS</c>),
/// <c>Kestrel:Endpoints:*:Url</c>, and, when no URL is set, <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c> (every interface).
/// </summary>
public static class ServerBindings
{
    public static IReadOnlyList<string> Of(IConfiguration configuration)
    {
        var urls = Split(configuration["urls"]);
        var bindings = urls.Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).OfType<string>()).ToList();
        if (urls.Count == 0)
        {
            bindings.AddRange(Split(configuration["http_ports"]).Select(port => $"http://*:{port}"));
            bindings.AddRange(Split(configuration["https_ports"]).Select(port => $"https://*:{port}"));
        }
        return bindings;
    }

    /// <summary>
    /// True when only this machine can connect: localhost, a loopback address or a Unix socket. A wildcard
    /// (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>), another address or a host name is reachable from elsewhere.
    /// </summary>
    public static bool IsLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url.Trim());
        }
        catch (FormatException)
        {
            return false; // not understood: assume the worst
        }
        if (address.IsUnixPipe) return true;
        var host = address.Host;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IsLoopback(ip);
    }

    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static List<string> Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
