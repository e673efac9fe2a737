using FedBpt.Engine.Modeling;
using FedBpt.Tests.Common;

namespace FedBpt.Engine.Tests.Modeling;

/// <summary>One loaded tiny-roberta-mlm shared by a test class (loading takes ~0.3 s).</summary>
public sealed class TinyModelFixture : IDisposable
{
    public RobertaForMaskedLM Model { get; } = RobertaForMaskedLM.FromPretrained(SharedPaths.TinyModel);

    public void Dispose() => Model.Dispose();
}
