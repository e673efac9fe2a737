using FedBpt.Engine.Federation;

namespace FedBpt.Storage.Experiments;

/// <summary>
/// Everything a completed round produces for the store: its numbers, the prompt document after it (the Final prompt,
/// and the Best one when the round is a new best) and the engine's resumable state (replaces the previous checkpoint
/// when given). <see cref="ExperimentStore.RecordRoundAsync"/> stores it all or nothing.
/// </summary>
public sealed record RoundWrite(RoundRecord Round, string PromptJson, byte[]? CheckpointState = null);
