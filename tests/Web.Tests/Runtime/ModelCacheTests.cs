using FedBpt.Engine.Configuration;
using FedBpt.Engine.Hub;
using FedBpt.Tests.Common;
using FedBpt.Web.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Tests.Runtime;

public sealed class ModelCacheTests
{
    private static readonly FedBptOptions Settings = new()
    {
        ModelRoots = [SharedPaths.Models],
        DataRoots = [SharedPaths.Data],
        Device = "cpu",
        Threads = 1,
        Hub = new HubOptions { Offline = true, Cache = Path.Combine(Path.GetTempPath(), "fedbpt-web-tests", "empty-hub-cache") },
    };

    private static ModelCache NewCache(FedBptOptions? settings = null) =>
        new(Options.Create(settings ?? Settings), HubAccess.Create(Settings), NullLogger<ModelCache>.Instance);

    [Fact]
    public void Each_configured_device_gets_its_own_copy_and_predictions_use_the_first()
    {
        var settings = new FedBptOptions
        {
            ModelRoots = Settings.ModelRoots, DataRoots = Settings.DataRoots, Threads = 1, Hub = Settings.Hub, Devices = ["cpu", "cpu"],
        };
        using var cache = NewCache(settings);
        using var first = cache.Acquire("tiny-roberta-mlm", lane: 0);
        using var second = cache.Acquire("tiny-roberta-mlm", lane: 1);
        using var prediction = cache.Acquire("tiny-roberta-mlm");

        Assert.NotSame(first.Assets, second.Assets);
        Assert.Same(first.Assets, prediction.Assets);
        Assert.StartsWith("cpu ×2", cache.DeviceDescription);
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Acquire("tiny-roberta-mlm", lane: 2));
    }

    [Fact]
    public void A_model_is_loaded_once_and_outlives_the_cache_while_in_use()
    {
        var cache = NewCache();
        var first = cache.Acquire("tiny-roberta-mlm");
        using (var second = cache.Acquire("tiny-roberta-mlm")) Assert.Same(first.Assets, second.Assets);

        cache.Dispose(); // the host stops while a run still computes
        Assert.NotEmpty(first.Assets.Model.parameters()); // a disposed module has none

        first.Dispose();
        Assert.Empty(first.Assets.Model.parameters());
        Assert.Throws<ObjectDisposedException>(() => cache.Acquire("tiny-roberta-mlm"));
    }

    [Fact]
    public void Names_outside_the_model_roots_are_refused()
    {
        using var cache = NewCache();
        Assert.Throws<ArgumentException>(() => cache.Acquire("../models/tiny-roberta-mlm"));
        Assert.Throws<DirectoryNotFoundException>(() => cache.Acquire("roberta-huge"));
    }
}
