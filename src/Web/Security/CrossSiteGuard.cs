using Microsoft.Extensions.Primitives;

namespace FedBpt.Web.Security;

/// <summary>
/// Refuses (403) what a page on another site makes a browser send: every unsafe request (POST, PUT, PATCH,
/// DELETE), and every Blazor circuit request (its WebSocket is not subject to CORS), whose <c>Origin</c> is not
/// this service's own, or whose <c>Sec-Fetch-Site</c> is <c>cross-site</c> or <c>same-site</c> (another port or
/// subdomain is another origin). It runs before any handler, so a form post or a no-cors fetch, which need no
/// preflight, never reach one. Requests without these headers (curl, scripts, the CLI) pass: browsers always send
/// Origin on a POST, and a client that can omit it is not a page another site controls.
/// </summary>
public sealed partial class CrossSiteGuard(RequestDelegate next, IProblemDetailsService problems, ILogger<CrossSiteGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        bool guarded = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
                       || request.Path.StartsWithSegments("/_blazor");
        if (guarded && ForeignSource(request) is { } source)
        {
            LogRefused(request.Method, request.Path, source);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Refused: the request came from another site",
                    Detail = $"This request was sent by a page on another site ({source}). The service takes changes only from its own "
                             + "pages and from clients that send no Origin header, such as curl and scripts.",
                },
            });
            return;
        }
        await next(context);
    }

    /// <summary>What shows the request came from another site, or null when nothing does.</summary>
    internal static string? ForeignSource(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"];
        if (!StringValues.IsNullOrEmpty(fetchSite) && fetchSite.ToString() is not ("same-origin" or "none"))
            return $"Sec-Fetch-Site: {fetchSite}";
        var origin = request.Headers.Origin;
        if (StringValues.IsNullOrEmpty(origin)) return null;
        return IsOwnOrigin(origin.ToString(), request) ? null : $"Origin: {origin}";
    }

    /// <summary>
    /// The origin's host and port are the ones the request was sent to. The scheme is not compared: behind a proxy
    /// that ends TLS the service sees http for a page served as https, while the host and port still match.
    /// </summary>
    private static bool IsOwnOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false; // "null", file:, …
        var host = request.Host;
        if (!host.HasValue) return false;
        int port = host.Port ?? (request.IsHttps ? 443 : 80);
        return string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == port;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path}: it came from another site ({Source})")]
    private partial void LogRefused(string method, PathString path, string source);
}
