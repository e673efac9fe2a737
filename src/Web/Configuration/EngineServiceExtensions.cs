using FedBpt.Engine.Configuration;
using FedBpt.Engine.Runtime;
using FedBpt.Web.Runtime;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Configuration;

public static class EngineServiceExtensions
{
    /// <summary>
    /// Binds and validates the <c>FedBpt</c> section (relative roots resolve against the content root, where
    /// appsettings.json lives) and registers the model cache that jobs and the API share.
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
        return builder;
    }
}
