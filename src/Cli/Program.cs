using System.CommandLine;
using FedBpt.Cli.Commands;

var root = new RootCommand("FedBpt: federated black-box prompt tuning of a frozen RoBERTa masked LM.")
{
    RunCommand.Create(),
    EvalCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
