using FedBpt.Web.Api;
using FedBpt.Web.Components;
using FedBpt.Web.Security;
using Hangfire;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Configuration;

public static class WebApplicationExtensions
{
    /// <summary>
    /// The request pipeline and every endpoint: API, OpenAPI document, Hangfire dashboard, Blazor pages. Host
    /// filtering (AllowedHosts) runs before all of it; then requests from other sites are refused, then, with a
    /// token configured, everything but the static files and the login page needs it (docs/adr/0009-security-model.md).
    /// </summary>
    public static WebApplication MapWebEndpoints(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        app.UseMiddleware<LoopbackOnlyGuard>();
        app.UseMiddleware<CrossSiteGuard>();
        app.UseApiErrorHandling();
        app.UseStaticFiles(); // wwwroot/ beside appsettings.json, plus framework and package assets
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapFedBptApi();
        if (auth.Enabled) app.MapLogin();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new DashboardAccess(auth.Enabled)] });
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
