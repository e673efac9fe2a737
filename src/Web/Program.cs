using FedBpt.Storage;
using FedBpt.Web.Configuration;

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
