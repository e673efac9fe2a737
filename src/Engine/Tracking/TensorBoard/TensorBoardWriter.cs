using FedBpt.Engine.Experiments;
using FedBpt.Engine.Federation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedBpt.Engine.Tracking.TensorBoard;

/// <summary>
/// Writes a run's rounds as TensorBoard scalars (<see cref="TrackedMetrics"/>, step = round) and its spec as text at
/// step 0. Our own small writer rather than TorchSharp's SummaryWriter: a resumed run must trim the steps it runs
/// again, and wall times need sub-second resolution (see docs/adr/0010-experiment-tracking.md).
/// Place it before the observer that stores the round's checkpoint: a crash between the two then leaves a step
/// that the resumed run trims, never a missing one. A failing disk is reported and ends the writing, not the run.
/// </summary>
public sealed class TensorBoardWriter(string siteFolder, ExperimentSpec spec, ILogger? logger = null, TimeProvider? time = null) : IRunObserver
{
    public const string SpecTag = "spec";

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private EventFile? _file;
    private bool _failed;

    public string Folder { get; } = siteFolder;

    public void OnRunStarted(RunStarted info) => Guard(() =>
    {
        _file = EventFile.Open(Folder, info.StartRound, Now());
        if (info.StartRound == 0) _file.Append([EventProto.Text(Now(), 0, SpecTag, $"```json\n{spec.ToJson()}\n```")]);
    });

    public void OnRoundCompleted(CompletedRound r) => Guard(() =>
    {
        double now = Now();
        _file?.Append(TrackedMetrics.Of(r.Record).Select(m => EventProto.Scalar(now, r.Round, m.Name, (float)m.Value)));
    });

    private double Now() => _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    private void Guard(Action write)
    {
        if (_failed) return;
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failed = true;
            _logger.LogWarning(e, "TensorBoard events stop for this run: writing to {Folder} failed ({Message})", Folder, e.Message);
        }
    }
}
