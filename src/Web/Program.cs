using FedBpt.Storage;
using FedBpt.Engine.Runtime;
using FedBpt.Web.Configuration;

ProcessCulture.UseInvariant();
var builder = WebApplication.CreateBuilder(FedBptContentRoot.Options(args));
builder.AddFedBptStorage();
builder.AddFedBptEngineServices();
builder.AddWebServices();
builder.ApplyRole();

var app = builder.Build();
if (app.Services.GetRequiredService<ScaleOutOptions>().Role != FedBptRole.Worker) app.MapWebEndpoints();
app.Run();

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
