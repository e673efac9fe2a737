using FedBpt.Engine.Configuration;
using FedBpt.Engine.Hub;
using FedBpt.Engine.Runtime;
using FedBpt.Web.Hub;
using FedBpt.Web.Runtime;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Configuration;

public static class EngineServiceExtensions
{
    /// <summary>
    /// Binds and validates the <c>FedBpt</c> section (relative roots resolve against the content root, where
    /// appsettings.json lives) and registers the model cache that jobs and the API share, and the Hub (its settings
    /// from <c>FedBpt:Hub</c> and the <c>HF_*</c> variables) with the downloads the pages watch.
    /// </summary>
    public static IHostApplicationBuilder AddFedBptEngineServices(this IHostApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddOptions<FedBptOptions>()
            .Bind(builder.Configuration.GetSection(FedBptOptions.Section))
            .PostConfigure(o => o.BasePath ??= contentRoot)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FedBptOptions>, FedBptOptionsValidator>();
        builder.Services.AddSingleton<ModelCache>();
        builder.Services.AddSingleton(sp => HubAccess.Create(sp.GetRequiredService<IOptions<FedBptOptions>>().Value));
        builder.Services.AddSingleton<HubDownloads>();
        return builder;
    }
}
