using FedBpt.Engine.Configuration;
using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Runtime;
using FedBpt.Engine.Tasks;
using FedBpt.Tests.Common;
using static TorchSharp.torch;

namespace FedBpt.Engine.Tests.Federation;

/// <summary>
/// Several devices in one process (<c>FedBpt:Devices</c>, issue #13), tested with two CPU "devices": two independent
/// copies of the tiny model. Spreading the clients over them must not change a single bit of the run.
/// </summary>
public sealed class SeveralDevicesTests(FederationFixture fx) : IClassFixture<FederationFixture>
{
    [Theory]
    [InlineData("fedbpt", 1)]
    [InlineData("fedbpt", 2)]
    [InlineData("fedavg-bbt", 1)]
    public void Two_cpu_devices_give_the_run_of_one_bit_for_bit(string algorithm, int threadsPerDevice)
    {
        var spec = FederationFixture.SmallSpec with { Algorithm = Algorithms.Get(algorithm), NumClients = 5, NumRounds = 3 };
        var (oneSummary, one) = fx.Run(spec);

        using var copy = ModelAssets.Load(SharedPaths.TinyModel, CPU);
        using var prepared = PreparedExperiment.Prepare(spec, [fx.Assets, copy], TaskCatalog.Get(spec.Task), [fx.DataRoot]);
        var recorder = new FederationFixture.Recorder(null);
        var twoSummary = new FederatedSimulator(prepared, [recorder], threadsPerDevice).Run();

        Assert.Equal(one.Select(Signature), recorder.Rounds.Select(Signature));
        Assert.Equal(oneSummary.Final.Z, twoSummary.Final.Z);
        Assert.Equal(oneSummary.BestAccuracy, twoSummary.BestAccuracy);
        Assert.Equal(oneSummary.LmQueries, twoSummary.LmQueries);
        // The second copy really trained its clients (1 and 3) and the first evaluated: both ran forwards.
        Assert.Same(copy, prepared.LaneOf(prepared.Clients[1]).Assets);
        Assert.Same(fx.Assets, prepared.LaneOf(prepared.Clients[2]).Assets);
        Assert.True(prepared.Lanes[1].Scorer.Forwards > 0);
        Assert.True(prepared.Lanes[0].Scorer.Forwards > 0);
    }

    [Fact]
    public void The_runner_loads_one_copy_per_configured_device_and_the_run_log_names_them()
    {
        var spec = FederationFixture.SmallSpec with { NumRounds = 1 };
        var settings = new FedBptOptions { Devices = ["cpu", "cpu"] };
        var loaded = new List<(int Lane, string Device)>();
        var recorder = new FederationFixture.Recorder(null);

        ExperimentRunner.Run(spec, TaskCatalog.Get(spec.Task), settings, [fx.DataRoot],
            (lane, device) =>
            {
                loaded.Add((lane, device.type.ToString()));
                var assets = ModelAssets.Load(SharedPaths.TinyModel, device);
                return (assets, assets);
            },
            _ => [recorder]);

        Assert.Equal([(0, "CPU"), (1, "CPU")], loaded);
        Assert.StartsWith("cpu ×2", recorder.Started!.Device);
    }

    [Theory]
    [InlineData("gpu0")]
    [InlineData("cuda:99")] // no such device: a CPU build has none, a CUDA machine not 100
    public void A_bad_entry_in_FedBpt_Devices_is_refused_naming_the_setting(string bad)
    {
        var settings = new FedBptOptions { Device = "cpu", Devices = ["cpu", bad] };
        var error = Assert.Throws<ArgumentException>(() => RunDevices.Resolve(settings));
        Assert.Contains("FedBpt:Devices", error.Message);
        Assert.Contains(bad, error.Message);
    }

    [Fact]
    public void Without_FedBpt_Devices_the_run_uses_the_one_FedBpt_Device()
    {
        Assert.Equal(["cpu"], RunDevices.Configured(new FedBptOptions { Device = "cpu" }));
        Assert.Equal(["cuda:0", "cuda:1"], RunDevices.Configured(new FedBptOptions { Device = "cpu", Devices = ["cuda:0", "cuda:1"] }));
        var error = Assert.Throws<ArgumentException>(() => RunDevices.Resolve(new FedBptOptions { Device = "tpu" }));
        Assert.Contains("FedBpt:Device", error.Message);
        Assert.DoesNotContain("FedBpt:Devices", error.Message);
    }

    [Fact]
    public void The_memory_rule_counts_a_model_copy_a_forward_and_a_projection_copy_per_device()
    {
        var spec = FederationFixture.SmallSpec;
        using var copy = ModelAssets.Load(SharedPaths.TinyModel, CPU);
        using var prepared = PreparedExperiment.Prepare(spec, [fx.Assets, copy], TaskCatalog.Get(spec.Task), [fx.DataRoot]);
        var shape = ModelShape.Of(fx.Assets.Model.Config, ScalarType.Float32);
        var one = RunMemory.Estimate(spec, shape, 16384);
        var two = RunMemory.Estimate(spec, shape, 16384, devices: 2);

        Assert.Equal(prepared.Lanes.Sum(l => l.Assets.Model.parameters().Sum(p => p.numel() * p.element_size())), two.Weights);
        long matrices = prepared.Lanes.Sum(l => l.Projection!.Matrix.numel() * l.Projection.Matrix.element_size());
        Assert.Equal(matrices + matrices / 2, two.Projection); // each device's A, plus the host array A is drawn into
        Assert.Equal(2 * one.Activations, two.Activations);
        // One client trained at once on each device: the optimizers of two concurrent clients on one device.
        Assert.Equal(RunMemory.Estimate(spec, shape, 16384, clientThreads: 2).Optimizers, two.Optimizers);

        long fitsOne = (one.Total + two.Total) / 2;
        Assert.Null(RunMemory.Check(spec, shape, 16384, fitsOne));
        var error = RunMemory.Check(spec, shape, 16384, fitsOne, devices: 2);
        Assert.NotNull(error);
        Assert.Contains("FedBpt:Devices", error.Message);
    }

    private static string Signature(CompletedRound completed)
    {
        var r = completed.Record;
        return $"{r.Round}|{r.GlobalTestAccuracy:R}|{r.TrainFitnessMean:R}|{r.TrainFitnessMin:R}|{r.TrainFitnessMax:R}|{r.Sigma:R}|{r.LmQueries}|{r.BytesUp}|"
            + string.Join(",", r.Clients.Select(c => $"{c.Client}:{c.Fitness:R}:{c.Sigma:R}"))
            + $"|{string.Join(",", completed.Final.Z.Select(z => z.ToString("R")))}|{Convert.ToBase64String(completed.Checkpoint.StrategyState)}";
    }
}
