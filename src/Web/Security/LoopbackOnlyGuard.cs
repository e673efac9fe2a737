using Microsoft.Extensions.Options;

namespace FedBpt.Web.Security;

/// <summary>
/// Without a token the service answers loopback connections only. Start-up already refuses a configured binding
/// beyond loopback (<see cref="AuthOptionsValidator"/>); this catches any other way a connection arrives on another
/// interface.
/// </summary>
public sealed class LoopbackOnlyGuard(RequestDelegate next, IOptions<AuthOptions> auth)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!auth.Value.Enabled && context.Connection.LocalIpAddress is { } local && !ServerBindings.IsLoopback(local))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsync("This service has no FedBpt:Auth:Token, so it answers loopback connections only.");
        }
        return next(context);
    }
}
