using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Catalog;
using FedBpt.Web.Components.ExperimentList;
using FedBpt.Web.Experiments;
using FedBpt.Web.Notifications;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedBpt.Web.Components.Pages;

/// <summary>
/// The runs grid: every experiment with its status, progress and accuracies, kept live from the
/// <see cref="RunNotifier"/> (a signal shows its status at once; a throttled reload from the store brings the numbers).
/// </summary>
public sealed partial class Experiments : IDisposable
{
    /// <summary>How many runs the grid holds (newest first); sorting and filtering happen in the page.</summary>
    public const int MaxRows = 1000;

    /// <summary>At most one reload from the store per this interval, however many events arrive.</summary>
    public static readonly TimeSpan ReloadThrottle = TimeSpan.FromMilliseconds(400);

    [Inject] private ExperimentStore Store { get; set; } = null!;
    [Inject] private ExperimentCommands Commands { get; set; } = null!;
    [Inject] private CatalogService Catalog { get; set; } = null!;
    [Inject] private RunNotifier Notifier { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    private readonly CancellationTokenSource _disposed = new();
    private List<RunRow> _rows = [];
    private HashSet<RunRow> _selected = [];
    private int _total;
    private bool _loaded;
    private string? _search;
    private ExperimentStatus? _status;
    private int _modelsWithWeights = 1;
    private IReadOnlyList<string> _modelRoots = [];
    private DateTime _now;
    private IDisposable? _subscription;
    private ITimer? _clock;
    private int _reloadScheduled;

    protected override async Task OnInitializedAsync()
    {
        _now = Time.GetUtcNow().UtcDateTime;
        _subscription = Notifier.SubscribeAll(OnRunEvent);
        await LoadAsync();
        if (_total == 0) DescribeModels();
        // Durations and "started … ago" of running runs move on between events.
        _clock = Time.CreateTimer(_ => _ = InvokeAsync(Tick), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    private void DescribeModels()
    {
        try
        {
            _modelsWithWeights = Catalog.Models().Count(m => m.HasWeights);
            _modelRoots = Catalog.ModelRoots;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _modelsWithWeights = 0;
            _modelRoots = [];
        }
    }

    private async Task LoadAsync()
    {
        var page = await Store.ListAsync(0, MaxRows, null, _disposed.Token);
        var existing = _rows.ToDictionary(r => r.Id);
        _rows = page.Items.Select(s =>
        {
            if (!existing.TryGetValue(s.Id, out var row)) return new RunRow(s);
            row.Summary = s;
            return row;
        }).ToList();
        var kept = _rows.ToHashSet();
        if (_selected.Any(r => !kept.Contains(r))) _selected = _selected.Where(kept.Contains).ToHashSet();
        bool wasEmpty = _total == 0;
        _total = page.TotalCount;
        _now = Time.GetUtcNow().UtcDateTime;
        _loaded = true;
        if (wasEmpty && _total == 0) DescribeModels();
    }

    /// <summary>Runs on the publisher's thread: hand over to the circuit, show the row's new status, and schedule one reload.</summary>
    private void OnRunEvent(RunEvent e)
    {
        if (_disposed.IsCancellationRequested) return;
        _ = InvokeAsync(() =>
        {
            var row = _rows.FirstOrDefault(r => r.Id == e.ExperimentId);
            if (row is not null)
            {
                if (e.Kind == RunEventKind.Deleted)
                {
                    _rows.Remove(row);
                    _selected.Remove(row);
                }
                else
                {
                    row.Apply(e);
                }
                StateHasChanged();
            }
        });
        ScheduleReload();
    }

    private void ScheduleReload()
    {
        if (Interlocked.Exchange(ref _reloadScheduled, 1) == 1) return;
        _ = ReloadLaterAsync();
    }

    private async Task ReloadLaterAsync()
    {
        try
        {
            await Task.Delay(ReloadThrottle, _disposed.Token);
            Interlocked.Exchange(ref _reloadScheduled, 0);
            await InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
            // the page went away
        }
        catch (ObjectDisposedException)
        {
            // the circuit went away
        }
    }

    private void Tick()
    {
        if (_disposed.IsCancellationRequested || !_rows.Any(r => r.Status == ExperimentStatus.Running)) return;
        _now = Time.GetUtcNow().UtcDateTime;
        StateHasChanged();
    }

    /// <summary>Cell padding: the grid has many columns and must fit beside the navigation drawer.</summary>
    private const string Pad = "padding: 4px 8px";

    private bool Matches(RunRow row) => (_status is null || row.Status == _status) && row.Matches(_search);

    private void SelectionChanged(HashSet<RunRow> selected) => _selected = selected;

    private void ClearSelection() => _selected = [];

    private void Compare()
    {
        var ids = _rows.Where(_selected.Contains).Select(r => r.Id).OrderBy(id => id);
        Navigation.NavigateTo($"compare?ids={string.Join(',', ids)}");
    }

    private void Duplicate(RunRow row) => Navigation.NavigateTo($"experiments/new?from={row.Id}");

    private async Task CancelAsync(RunRow row)
    {
        var outcome = await Commands.CancelAsync(row.Id);
        if (outcome.Failure is { } failure) Snackbar.Add(failure.Message, Severity.Error);
        else Snackbar.Add($"Cancelled #{row.Id} {row.Name}; its rounds and prompts are kept.", Severity.Info);
        await LoadAsync();
    }

    private async Task DeleteAsync(RunRow row)
    {
        // A running run is refused by the service; say why without asking first.
        if (row.Status != ExperimentStatus.Running)
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(
                "Delete experiment?",
                $"#{row.Id} \u201c{row.Name}\u201d and all its rounds, prompts and logs will be deleted. This cannot be undone.",
                yesText: "Delete", cancelText: "Keep it");
            if (confirmed != true) return;
        }
        var outcome = await Commands.DeleteAsync(row.Id);
        if (outcome.Failure is { } failure)
        {
            Snackbar.Add(failure.Message, Severity.Error);
            return;
        }
        Snackbar.Add($"Deleted #{row.Id} {row.Name}.", Severity.Success);
        _rows.Remove(row);
        _selected.Remove(row);
        await LoadAsync();
    }

    private static string BestTooltip(RunRow row)
    {
        var s = row.Summary;
        var text = s.BestRound is { } round ? $"Best global test accuracy, at round {round + 1}" : "Best global test accuracy";
        if (s.ZeroShotAccuracy is { } zero && s.BestAccuracy is { } best)
            text += $" · zero-shot {zero * 100:0.0} % ({(best - zero) * 100:+0.0;-0.0} points)";
        return text;
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _subscription?.Dispose();
        _clock?.Dispose();
    }
}
