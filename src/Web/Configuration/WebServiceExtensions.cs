using System.Text.Json.Serialization;
using FedBpt.Web.Api;
using FedBpt.Web.Jobs;
using FedBpt.Web.Common;
using FedBpt.Web.Notifications;
using FedBpt.Web.Security;
using MudBlazor.Services;

namespace FedBpt.Web.Configuration;

public static class WebServiceExtensions
{
    /// <summary>Everything the web host adds on top of storage and the engine: API plumbing, jobs, live updates, UI.</summary>
    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        // Add framework and package assets (blazor.web.js, later MudBlazor's) to the web root in every environment,
        // not only Development: the web root is the repository-root wwwroot/, which holds only our own files.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<Api.Infrastructure.BadRequestExceptionHandler>();
        services.AddExceptionHandler<Api.Infrastructure.StoreFaultExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.AllowDuplicateProperties = false; // a key given twice is an error, not "last wins"
        });
        // Binding errors (malformed JSON, wrong types) become exceptions in every environment, so that the
        // exception handler answers them all with the same ProblemDetails, detail included.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddApplicationServices();
        services.AddTokenAuthentication();
        services.AddSingleton<StoreHealth>();

        services.AddSingleton<RunNotifier>();
        services.AddExperimentJobs(builder.Configuration);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return builder;
    }
}
