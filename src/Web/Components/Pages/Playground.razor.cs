using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Catalog;
using FedBpt.Web.Components.PlaygroundParts;
using FedBpt.Web.Predictions;
using Microsoft.AspNetCore.Components;

namespace FedBpt.Web.Components.Pages;

/// <summary>
/// Try a run's best or final prompt on your own texts through <see cref="PredictionService"/>, next to the
/// zero-shot answer of the same model and template. <c>?id={experiment}</c> preselects a run.
/// </summary>
public sealed partial class Playground
{
    [Inject] private ExperimentStore Store { get; set; } = null!;
    [Inject] private PredictionService Predictions { get; set; } = null!;
    [Inject] private CatalogService Catalog { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "id")] public int? Id { get; set; }

    private List<ExperimentSummary> _runs = [];
    private IReadOnlyList<TaskInfo> _tasks = [];
    private bool _loaded;
    private int? _runId;
    private ExperimentSummary? _run;
    private TaskInfo? _task;
    private PromptArtifact? _best;
    private PromptArtifact? _final;
    private string _which = "best";
    private string? _textA;
    private string? _textB;
    private bool _predicting;
    private string? _error;
    private PredictResponse? _response;

    private bool IsPair => _task?.Pair == true;

    protected override async Task OnInitializedAsync()
    {
        var page = await Store.ListAsync(0, Experiments.MaxRows);
        _runs = page.Items.Where(r => r.RoundsCompleted > 0).ToList();
        _tasks = await Catalog.TasksAsync();
        _loaded = true;
    }

    protected override async Task OnParametersSetAsync()
    {
        if (!_loaded) return;
        int? wanted = Id is { } id && _runs.Any(r => r.Id == id) ? id : _runId ?? _runs.FirstOrDefault()?.Id;
        if (wanted != _runId) await SelectRunAsync(wanted);
        if (Id is { } missing && _runs.All(r => r.Id != missing))
            _error = $"Experiment {missing} has no completed round (or does not exist), so it has no prompt yet.";
    }

    private async Task SelectRunAsync(int? id)
    {
        _runId = id;
        _run = _runs.FirstOrDefault(r => r.Id == id);
        _response = null;
        _error = null;
        _best = _final = null;
        _task = null;
        if (_run is null) return;
        _task = _tasks.FirstOrDefault(t => t.Name == _run.Task);
        _best = await Store.GetPromptAsync(_run.Id, PromptKind.Best);
        _final = await Store.GetPromptAsync(_run.Id, PromptKind.Final);
        if (!IsPair) _textB = null;
    }

    private void WhichChanged(string? which)
    {
        _which = which ?? "best";
        _response = null;
    }

    private string PromptLabel(string which)
    {
        var prompt = which == "best" ? _best : _final;
        return prompt is null ? which : $"{which} · round {prompt.Round + 1}";
    }

    private string PromptInfo
    {
        get
        {
            var prompt = _which == "best" ? _best : _final;
            if (prompt is null) return $"No {_which} prompt recorded yet.";
            var accuracy = prompt.Accuracy is { } a ? $"{a * 100:0.0} % test accuracy" : "not evaluated at that round";
            var zero = _run?.ZeroShotAccuracy is { } z ? $" (zero-shot {z * 100:0.0} %)" : "";
            return _which == "best"
                ? $"The best round so far: round {prompt.Round + 1}, {accuracy}{zero}."
                : $"The latest round: round {prompt.Round + 1}, {accuracy}{zero}.";
        }
    }

    private void FillExamples()
    {
        if (_task is null || ExampleTexts.For(_task.Name) is not { } examples) return;
        _textA = string.Join('\n', examples.A);
        _textB = examples.B is null ? null : string.Join('\n', examples.B);
    }

    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim('\r').Trim()).Where(l => l.Length > 0).ToArray();

    private async Task PredictAsync()
    {
        if (_run is null) return;
        _error = null;
        var texts = Lines(_textA);
        var textsB = IsPair ? Lines(_textB) : null;
        if (texts.Count == 0)
        {
            _error = "Type at least one sentence, one per line.";
            return;
        }
        if (textsB is not null && textsB.Count != texts.Count)
        {
            _error = $"Give as many second texts as first texts ({texts.Count} first, {textsB.Count} second): one pair per line.";
            return;
        }
        _predicting = true;
        try
        {
            var request = new PredictRequest(_run.Id, _which, texts, textsB);
            // The model runs on the CPU for a while: keep the circuit free to show progress.
            var outcome = await Task.Run(() => Predictions.PredictAsync(request));
            if (outcome.Failure is { } failure)
            {
                _error = failure.Message;
                _response = null;
            }
            else
            {
                _response = outcome.Value;
            }
        }
        finally
        {
            _predicting = false;
        }
    }
}
