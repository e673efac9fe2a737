using System.CommandLine;
using FedBpt.Cli;
using FedBpt.Cli.Commands;
using FedBpt.Engine.Runtime;

ProcessCulture.UseInvariant();

var root = new RootCommand("FedBpt: federated black-box prompt tuning of a frozen RoBERTa or BERT masked LM.")
{
    RunCommand.Create(),
    EvalCommand.Create(),
    BenchCommand.Create(),
    DownloadCommand.Create(),
    SweepCommand.Create(),
};
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (UserErrors.Describe(e) is { } message)
{
    Console.Error.WriteLine(message);
    return 2;
}
