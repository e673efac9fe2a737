using System.CommandLine;
using System.Text.Json;
using FedBpt.Engine.Diagnostics;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Runtime;

namespace FedBpt.Cli.Commands;

/// <summary><c>fedbpt bench</c>: scoring throughput and how close the model runs to the machine's matmul speed.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model folder or name under the model roots." };
        var config = new Option<string?>("--config") { Description = "Instead of --model: a config.json to build with random weights (e.g. a roberta-large or bert-base-uncased config; model_type picks the family)." };
        var batch = new Option<int>("--batch") { Description = "Sequences per forward.", DefaultValueFactory = _ => 64 };
        var length = new Option<int>("--length") { Description = "Tokens per sequence.", DefaultValueFactory = _ => 64 };
        var seconds = new Option<double>("--seconds") { Description = "Minimum seconds per measurement.", DefaultValueFactory = _ => 5 };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (default: configuration)." };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default: configuration / one per core)." };
        var precision = new Option<string?>("--precision") { Description = "float32 or bfloat16 (default: configuration)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON line." };
        var command = new Command("bench", "Measure scoring throughput (sequences/s) and model vs matmul GFLOP/s.")
        {
            model, config, batch, length, seconds, device, threads, precision, json,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(model) is null) == (r.GetValue(config) is null)) r.AddError("Give exactly one of --model or --config.");
        });
        command.SetAction((parse, cancel) =>
        {
            var options = CliSettings.Load();
            TorchDevice.SetThreads(parse.GetValue(threads) ?? options.Threads);
            var dev = TorchDevice.Resolve(parse.GetValue(device) ?? options.Device);
            var dtype = Precision.Parse(parse.GetValue(precision) ?? options.Precision);
            string name;
            MaskedLanguageModel lm;
            if (parse.GetValue(config) is { } configFile)
            {
                name = Path.GetFileName(configFile) + " (random weights)";
                lm = MaskedLanguageModel.Create(MaskedLmConfig.Load(configFile)).Freeze(dev, dtype);
            }
            else
            {
                var folder = CliHub.ResolveModel(parse.GetValue(model)!, options, cancel);
                name = Path.GetFileName(folder);
                lm = MaskedLanguageModel.FromPretrained(folder, dev, dtype);
            }
            using var _ = lm;
            var report = ThroughputBenchmark.Run(lm, parse.GetValue(batch), parse.GetValue(length), TimeSpan.FromSeconds(parse.GetValue(seconds)));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    model = name,
                    family = lm.Family.DisplayName(),
                    device = TorchDevice.Describe(dev),
                    precision = dtype.ToString().ToLowerInvariant(),
                    batch = report.Batch,
                    length = report.Length,
                    sequences_per_second = Math.Round(report.SequencesPerSecond, 1),
                    full_vocab_sequences_per_second = Math.Round(report.FullVocabSequencesPerSecond, 1),
                    model_gflops = Math.Round(report.ModelGflops, 1),
                    matmul_gflops = Math.Round(report.MatmulGflops, 1),
                    efficiency = Math.Round(report.Efficiency, 3),
                }));
            }
            else
            {
                Console.WriteLine($"model {name} ({lm.Family.DisplayName()}) on {TorchDevice.Describe(dev)} in {dtype}, batch {report.Batch} × length {report.Length}");
                Console.WriteLine($"  verbalizer head : {report.SequencesPerSecond,10:F1} sequences/s");
                Console.WriteLine($"  full-vocab head : {report.FullVocabSequencesPerSecond,10:F1} sequences/s");
                Console.WriteLine($"  model forward   : {report.ModelGflops,10:F1} GFLOP/s ({report.ForwardGflopPerBatch:F2} GFLOP per batch)");
                Console.WriteLine($"  matmul (libtorch): {report.MatmulGflops,9:F1} GFLOP/s  → efficiency {report.Efficiency:P0}");
            }
            return System.Threading.Tasks.Task.FromResult(0);
        });
        return command;
    }
}
