using System.Globalization;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Components.Charts;
using FedBpt.Web.Components.Runs;
using FedBpt.Web.Notifications;
using Microsoft.AspNetCore.Components;

namespace FedBpt.Web.Components.Pages;

/// <summary>
/// Several runs side by side: overlaid accuracy curves, headline numbers and configuration differences. The selection
/// lives in the query string (<c>compare?ids=1,2,3</c>). Runs still going keep growing: a signal makes the page read
/// that run's new rounds from the store, as on the run page.
/// </summary>
public sealed partial class Compare : IDisposable
{
    public const int MaxCandidates = 500;

    private readonly List<ComparedRun> _runs = [];
    private List<int> _missing = [];
    private IReadOnlyList<ExperimentSummary> _candidates = [];
    private ChartOptions _chartOptions = new();
    private bool _differencesOnly = true;
    private bool _loaded, _disposed;
    private string? _shownIds;
    private IDisposable? _subscription;

    /// <summary>Comma-separated experiment ids, in the order their colours are given.</summary>
    [SupplyParameterFromQuery(Name = "ids")] public string? Ids { get; set; }

    [Inject] private ExperimentStore Store { get; set; } = null!;
    [Inject] private RunNotifier Notifier { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private ILogger<Compare> Logger { get; set; } = null!;

    internal IReadOnlyList<ComparedRun> Runs => _runs;

    public static IReadOnlyList<int> ParseIds(string? ids) =>
        (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0)
            .Distinct()
            .ToArray();

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive) _subscription = Notifier.SubscribeAll(e => _ = InvokeAsync(() => OnRunEventAsync(e)));
        await LoadCandidatesAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        var key = string.Join(',', ParseIds(Ids));
        if (_shownIds == key) return;
        _shownIds = key;
        await ShowAsync(ParseIds(Ids));
        _loaded = true;
    }

    /// <summary>Keeps the runs already shown (and their live state), loads the new ones, drops the rest.</summary>
    private async Task ShowAsync(IReadOnlyList<int> ids)
    {
        var kept = _runs.ToDictionary(r => r.Id);
        var missing = new List<int>();
        _runs.Clear();
        foreach (var id in ids)
        {
            if (!kept.TryGetValue(id, out var run))
            {
                if (await Store.GetAsync(id) is not { } experiment)
                {
                    missing.Add(id);
                    continue;
                }
                run = new ComparedRun(experiment, "");
                run.Rounds.Merge(await Store.GetRoundsAsync(id));
            }
            run.Color = SeriesColors.At(_runs.Count);
            _runs.Add(run);
        }
        _missing = missing;
    }

    private async Task LoadCandidatesAsync()
    {
        var page = await Store.ListAsync(0, MaxCandidates);
        _candidates = page.Items.Where(e => e.RoundsCompleted > 0).ToArray();
    }

    private void OnSelectionChanged(IReadOnlyCollection<int> selected)
    {
        var chosen = selected.ToHashSet();
        // Keep the order (and so the colours) of runs already shown; add new ones after them.
        var ids = _runs.Select(r => r.Id).Where(chosen.Contains)
            .Concat(chosen.Where(id => _runs.All(r => r.Id != id)).Order())
            .Where(id => !_missing.Contains(id))
            .ToArray();
        NavigateTo(ids);
    }

    /// <summary>A whole sweep's runs (<see cref="SweepRunsPicker"/>), after the runs already shown.</summary>
    private void AddRuns(IReadOnlyList<int> ids) =>
        NavigateTo(_runs.Select(r => r.Id).Concat(ids.Where(id => _runs.All(r => r.Id != id))).Distinct().ToArray());

    private void NavigateTo(IReadOnlyList<int> ids) =>
        // Written by hand rather than with GetUriWithQueryParameter, which would escape the commas (ids=1%2C2).
        Navigation.NavigateTo(ids.Count == 0 ? "compare" : $"compare?ids={string.Join(',', ids)}");

    private async Task OnRunEventAsync(RunEvent e)
    {
        if (_disposed) return;
        try
        {
            if (e.Kind != RunEventKind.RoundCompleted || _candidates.All(c => c.Id != e.ExperimentId)) await LoadCandidatesAsync();
            if (_runs.Find(r => r.Id == e.ExperimentId) is { } run)
            {
                if (e.Kind == RunEventKind.Deleted)
                {
                    _runs.Remove(run);
                }
                else
                {
                    await RefreshAsync(run);
                }
            }
            StateHasChanged();
        }
        catch (Exception ex) when (!_disposed)
        {
            LogLiveUpdateFailed(Logger, ex, e.ExperimentId);
        }
    }

    /// <summary>Refreshes one shown run from the store: its summary and the rounds after the last one the page holds.</summary>
    private async Task RefreshAsync(ComparedRun run)
    {
        if (await Store.GetAsync(run.Id) is { } experiment) run.Experiment = experiment;
        run.Rounds.Merge(await Store.GetRoundsAsync(run.Id, run.Rounds.NextRound));
    }

    private string CandidateText(int id)
    {
        var c = _candidates.FirstOrDefault(c => c.Id == id);
        if (c is null) return _runs.Find(r => r.Id == id)?.Label ?? $"#{id}";
        var best = c.BestAccuracy is { } b ? $", best {Units.Percent(b)}" : "";
        return $"#{c.Id} {c.Name} ({c.Algorithm}, {c.RoundsCompleted}/{c.NumRounds} rounds{best})";
    }

    private string SelectionText(IReadOnlyList<string> selected) =>
        selected.Count == 0 ? "" : $"{selected.Count} run(s): " + string.Join(", ", _runs.Select(r => $"#{r.Id}"));

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live update of the compare page failed for experiment {ExperimentId}")]
    private static partial void LogLiveUpdateFailed(ILogger logger, Exception exception, int experimentId);
}
