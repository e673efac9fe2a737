using FedBpt.Engine.Experiments;
using FedBpt.Engine.Modeling;
using FedBpt.Engine.Optimization;
using FedBpt.Engine.Scoring;
using FedBpt.Engine.Tests.Modeling;
using FedBpt.Tests.Common;
using TorchSharp;

namespace FedBpt.Engine.Tests.Federation;

/// <summary>
/// The memory rule (issue #15, item 1): its parts measured against what the engine really allocates, and specs
/// that would exhaust memory at run time refused before anything is built.
/// </summary>
public sealed class RunMemoryTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    private const long EightGiB = 8L << 30;
    private static readonly MaskedLmConfig TinyConfig = MaskedLmConfig.Load(Path.Combine(SharedPaths.TinyModel, "config.json"));
    private static ModelShape Tiny => ModelShape.Of(TinyConfig, torch.ScalarType.Float32);

    [Fact]
    public void The_projection_part_is_the_matrix_the_engine_builds_held_twice_while_it_is_built()
    {
        var spec = new ExperimentSpec { NPromptTokens = 5, IntrinsicDim = 40 };
        using var projection = PromptProjection.Create(tiny.Model, spec.NPromptTokens, spec.IntrinsicDim, spec.Seed);

        long matrixBytes = projection.Matrix.numel() * projection.Matrix.element_size();
        Assert.Equal(2 * matrixBytes, RunMemory.Estimate(spec, Tiny, 16384).Projection);
    }

    [Fact]
    public void The_covariance_part_counts_the_matrices_of_the_optimizers_the_run_holds()
    {
        var spec = new ExperimentSpec { IntrinsicDim = 30 };
        var state = new CmaEs(new double[spec.IntrinsicDim], 1.0, new CmaEsOptions { Dimension = spec.IntrinsicDim, PopulationSize = 5 }).GetState();
        long perMatrix = (long)state.Covariance.Length * sizeof(double);
        Assert.Equal((long)state.Eigenvectors.Length * sizeof(double), perMatrix);

        // Server and one client: C and eigenvectors each, as much again while decomposing; plus the round's 5 copies.
        Assert.Equal((4 * 2 + 5) * perMatrix, RunMemory.Estimate(spec, Tiny, 16384, clientThreads: 1).Optimizers);
        Assert.Equal((4 * 4 + 5) * perMatrix, RunMemory.Estimate(spec, Tiny, 16384, clientThreads: 3).Optimizers);
        Assert.Equal((4 * 3 + 5) * perMatrix, RunMemory.Estimate(spec with { NumClients = 2 }, Tiny, 16384, clientThreads: 8).Optimizers);
    }

    [Fact]
    public void Weights_and_activations_follow_the_model_and_its_precision()
    {
        var spec = new ExperimentSpec();
        var float32 = RunMemory.Estimate(spec, Tiny, 16384);
        var bfloat16 = RunMemory.Estimate(spec, ModelShape.Of(TinyConfig, torch.ScalarType.BFloat16), 16384);

        Assert.Equal(tiny.Model.parameters().Sum(p => p.numel()) * 4, float32.Weights);
        Assert.Equal(float32.Weights / 2, bfloat16.Weights);
        Assert.Equal(float32.Activations / 2, bfloat16.Activations);
        Assert.Equal(2 * RunMemory.Estimate(spec, Tiny, 8192).Activations, float32.Activations);
    }

    [Fact]
    public void The_paper_configuration_on_roberta_large_fits_the_default_budget()
    {
        var large = ModelShape.Of(MaskedLmConfig.RobertaLarge, torch.ScalarType.Float32);
        Assert.Null(RunMemory.Check(new ExperimentSpec(), large, 16384, EightGiB));
        Assert.Null(RunMemory.Check(new ExperimentSpec { IntrinsicDim = 1000 }, large, 16384, EightGiB));
    }

    [Theory]
    [InlineData(100_000, 50)] // a 5 GB projection A on the tiny model, and a covariance of 80 GB
    [InlineData(20_000, 5)] // a 3.2 GB covariance, held several times over
    public void A_run_that_would_exhaust_memory_is_refused_with_the_estimate(int intrinsicDim, int promptTokens)
    {
        var spec = new ExperimentSpec { IntrinsicDim = intrinsicDim, NPromptTokens = promptTokens };
        var error = RunMemory.Check(spec, Tiny, 16384, EightGiB);

        Assert.NotNull(error);
        Assert.Equal("intrinsicDim", error.Field);
        Assert.Contains(RunMemoryEstimate.GiB(RunMemory.Estimate(spec, Tiny, 16384).Total), error.Message);
        Assert.Contains("FedBpt:MaxRunMemoryBytes", error.Message);
    }

    [Fact]
    public void A_budget_too_small_for_the_model_itself_names_the_model()
    {
        var error = RunMemory.Check(new ExperimentSpec { IntrinsicDim = 10 }, ModelShape.Of(MaskedLmConfig.RobertaLarge, torch.ScalarType.Float32), 16384, 1L << 30);
        Assert.Equal("model", error?.Field);
    }

    [Fact]
    public void The_manual_baseline_needs_no_projection_or_optimizer()
    {
        var estimate = RunMemory.Estimate(new ExperimentSpec { Algorithm = Algorithms.Manual, IntrinsicDim = 100_000 }, Tiny, 16384);
        Assert.Equal((0, 0), (estimate.Projection, estimate.Optimizers));
    }
}
