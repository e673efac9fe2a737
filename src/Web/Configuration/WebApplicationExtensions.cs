using FedBpt.Web.Api;
using FedBpt.Web.Components;
using Hangfire;

namespace FedBpt.Web.Configuration;

public static class WebApplicationExtensions
{
    /// <summary>The request pipeline and every endpoint: API, OpenAPI document, Hangfire dashboard, Blazor pages.</summary>
    public static WebApplication MapWebEndpoints(this WebApplication app)
    {
        app.UseApiErrorHandling();
        app.UseStaticFiles(); // wwwroot/ beside appsettings.json, plus framework and package assets
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapFedBptApi();
        app.MapHangfireDashboard("/hangfire"); // Hangfire's default filter: local requests only
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
