using FedBpt.Engine.Modeling;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Modeling;

/// <summary>One loaded tiny-roberta-mlm shared by a test class (loading takes ~0.3 s).</summary>
public sealed class TinyModelFixture : IDisposable
{
    public MaskedLanguageModel Model { get; } = MaskedLanguageModel.FromPretrained(SharedPaths.TinyModel);

    public void Dispose() => Model.Dispose();
}

/// <summary>One loaded minilm-mlm shared by a test class.</summary>
public sealed class MiniLmModelFixture : IDisposable
{
    public MaskedLanguageModel Model { get; } = MaskedLanguageModel.FromPretrained(SharedPaths.MiniLmModel);

    public void Dispose() => Model.Dispose();
}
