using System.Text.Json;

namespace FedBpt.Engine.Federation;

/// <summary>
/// The complete state after a round: with the spec, enough to continue the run and finish exactly as
/// if it had never stopped (client randomness is derived from the seed, round and client index, so
/// only the server's state and the running totals need saving).
/// </summary>
public sealed record RunCheckpoint(
    int CompletedRounds,
    byte[] StrategyState,
    PromptSnapshot? Best,
    PromptSnapshot? Final,
    long LmQueries,
    long BytesUp,
    long BytesDown,
    double WallSeconds,
    double ZeroShotAccuracy)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static RunCheckpoint FromBytes(byte[] bytes) =>
        JsonSerializer.Deserialize<RunCheckpoint>(bytes, Json) ?? throw new InvalidDataException("Empty checkpoint.");
}
