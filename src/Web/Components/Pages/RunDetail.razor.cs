using FedBpt.Engine.Configuration;
using FedBpt.Engine.Federation;
using FedBpt.Engine.Hub;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Components.Charts;
using FedBpt.Web.Components.Hub;
using FedBpt.Web.Components.Runs;
using FedBpt.Web.Experiments;
using FedBpt.Web.Jobs;
using FedBpt.Web.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace FedBpt.Web.Components.Pages;

/// <summary>
/// One run, live. A <see cref="RunNotifier"/> signal makes the page refresh this experiment from the store
/// (<see cref="RefreshAsync"/>): the summary, the rounds after the last one it holds, the log tail. The store is the
/// one source, so a round written by another process shows the same, and rounds held by number in
/// <see cref="LiveRounds"/> are never shown twice whatever the order of signals and reads.
/// </summary>
public sealed partial class RunDetail : IDisposable
{
    public const int LogLines = 50;

    private readonly LiveRounds _rounds = new();
    private Experiment? _experiment;
    private RunProgress _progress = new(0, 0, 0, Running: false);
    private IReadOnlyList<LogEntry> _log = [];
    private ModelFootprint? _model;
    private long _workingSet;
    private ChartOptions _chartOptions = new();
    private int? _selectedRound;
    private bool _loaded, _deleted, _cancelling, _disposed;
    private string? _actionError;
    private RunSuspension? _suspension;
    private int? _shownId;
    private IDisposable? _subscription;
    private IDisposable? _downloadSubscription;
    private readonly DownloadFeed _downloads = new();

    [Parameter] public int Id { get; set; }

    [Inject] private ExperimentStore Store { get; set; } = null!;
    [Inject] private RunNotifier Notifier { get; set; } = null!;
    [Inject] private ExperimentCommands Commands { get; set; } = null!;
    [Inject] private SuspendedRuns Suspended { get; set; } = null!;
    [Inject] private IOptions<FedBptOptions> Options { get; set; } = null!;
    [Inject] private HubAccess Hub { get; set; } = null!;
    [Inject] private ILogger<RunDetail> Logger { get; set; } = null!;

    /// <summary>The rounds this page holds (for the tests and the chart).</summary>
    internal LiveRounds Rounds => _rounds;

    /// <summary>"reference, α = 0.5" for a non-IID run (from its stored spec), else null.</summary>
    internal static string? SchemeOf(string specJson)
    {
        try
        {
            var spec = Engine.Experiments.ExperimentSpec.FromStoredJson(specJson);
            return spec.Iid ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Engine.Experiments.SpecChoices.DirichletScheme.NameOf(spec.DirichletScheme)}, α = {spec.DirichletAlpha:0.###}");
        }
        catch (Engine.Experiments.SpecValidationException)
        {
            return null;
        }
    }

    private RunSeries Series => new(_experiment?.Name ?? $"Experiment {Id}", SeriesColors.At(0), _rounds.Points, _experiment?.ZeroShotAccuracy);

    protected override async Task OnParametersSetAsync()
    {
        if (_shownId == Id) return; // a re-render of the same run (e.g. after a reconnect) keeps what the page holds
        _shownId = Id;
        _subscription?.Dispose();
        _subscription = null;
        _downloadSubscription?.Dispose();
        _downloadSubscription = null;
        _downloads.Clear();
        _rounds.Clear();
        (_experiment, _log, _model, _selectedRound, _deleted, _loaded) = (null, [], null, null, false, false);

        // Subscribe before the first read, so that a round recorded in between is read by one refresh or the other
        // (both, at worst: then it is merged, not added twice). Prerendering gets no subscription: it never updates.
        if (Id >= 0 && RendererInfo.IsInteractive)
        {
            var id = Id;
            _subscription = Notifier.Subscribe(id, e => _ = InvokeAsync(() => OnRunEventAsync(id, e)));
            // The model and data still coming from the Hub before round 1.
            _downloadSubscription = Notifier.SubscribeDownloads(d =>
            {
                if (_downloads.Apply(d, id)) _ = InvokeAsync(() => { if (!_disposed && id == Id) StateHasChanged(); });
            });
        }
        if (Id >= 0) await RefreshAsync();
        _loaded = true;
    }

    /// <summary>Runs on this circuit's dispatcher; the notifier calls it from the job's thread through InvokeAsync.</summary>
    private async Task OnRunEventAsync(int id, RunEvent e)
    {
        if (_disposed || id != Id) return;
        try
        {
            if (e.Kind == RunEventKind.Deleted)
            {
                _experiment = null;
                _deleted = true;
                StateHasChanged();
                return;
            }
            await RefreshAsync();
            StateHasChanged();
        }
        catch (Exception ex) when (!_disposed)
        {
            // The next event or a reload catches up; a failed read must not take the circuit down.
            LogLiveUpdateFailed(Logger, ex, id);
        }
    }

    /// <summary>Refreshes this experiment from the store: the summary, the rounds the page lacks (with their clients), the log tail.</summary>
    private async Task RefreshAsync()
    {
        // Each await may see the page switch to another run (Id changes): nothing read for the old one is applied then.
        var id = Id;
        _suspension = Suspended.Find(id); // in memory: known even while the database cannot be written
        var experiment = await Store.GetAsync(id);
        if (id != Id) return;
        if (experiment is null)
        {
            _deleted = _experiment is not null;
            _experiment = null;
            return;
        }
        if (_model is null || _experiment?.Model != experiment.Model) _model = ModelFootprint.TryRead(Options.Value, experiment.Model, Hub.Models);
        _experiment = experiment;

        var rounds = await Store.GetRoundsAsync(id, _rounds.NextRound);
        if (id != Id) return;
        _rounds.Merge(rounds);
        UpdateProgress();
        var log = await Store.GetLogTailAsync(id, LogLines);
        if (id != Id) return;
        _log = log;
        _workingSet = Environment.WorkingSet;
    }

    private void UpdateProgress()
    {
        if (_experiment is not null) _progress = ExperimentProgress.Of(_experiment, _rounds.Last);
    }

    /// <summary>The round whose clients the table shows: the chosen one, else the newest.</summary>
    private RoundRecord? ClientRound => _selectedRound is { } chosen ? _rounds.At(chosen) : _rounds.Last;

    private void SelectRound(int? round) => _selectedRound = round;

    private async Task CancelAsync()
    {
        _cancelling = true;
        _actionError = null;
        try
        {
            var cancelled = await Commands.CancelAsync(Id);
            _actionError = cancelled.Failure?.Message;
        }
        catch (Exception e) when (Storage.StoreFaults.IsTransient(e))
        {
            _actionError = $"Not cancelled: the database cannot take writes at the moment ({Storage.StoreFaults.Describe(e)}). Try again shortly.";
        }
        finally
        {
            _cancelling = false;
        }
        await RefreshAsync();
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        _downloadSubscription?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live update of the run page failed for experiment {ExperimentId}")]
    private static partial void LogLiveUpdateFailed(ILogger logger, Exception exception, int experimentId);
}
