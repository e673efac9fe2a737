using System.Text;
using FedBpt.Engine.Experiments;
using FedBpt.Storage.Data;
using FedBpt.Storage.Entities;
using FedBpt.Storage.Experiments;
using FedBpt.Web.Catalog;
using FedBpt.Web.Components.ExperimentForm;
using FedBpt.Web.Experiments;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace FedBpt.Web.Components.Pages;

/// <summary>
/// The new-experiment form: every spec key in sections, checked on each change by the spec's own validator,
/// presets, import/export of the spec JSON, and launch through <see cref="ExperimentCommands"/>.
/// <c>?from={id}</c> starts from an existing run's spec, <c>?preset={id}</c> from a preset.
/// </summary>
public sealed partial class NewExperiment
{
    [Inject] private ExperimentCommands Commands { get; set; } = null!;
    [Inject] private ExperimentStore Store { get; set; } = null!;
    [Inject] private CatalogService Catalog { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "from")] public int? From { get; set; }
    [SupplyParameterFromQuery(Name = "preset")] public string? Preset { get; set; }

    private readonly ExperimentFormModel _model = new();
    private readonly FormErrors _errors = new();
    private IReadOnlyList<TaskInfo> _tasks = [];
    private IReadOnlyList<ModelInfo> _models = [];
    private string _name = "";
    private bool _nameTouched;
    private bool _ready;
    private bool _launching;
    private string? _loadError;
    private Experiment? _source;
    private (int? From, string? Preset)? _applied;
    private RunCost _cost = RunCost.Of(new ExperimentSpec(), null);
    private string _specJson = "";

    private bool _pasteOpen;
    private string? _pasteText;
    private IReadOnlyList<SpecError> _importErrors = [];
    private string? _importSource;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _models = Catalog.Models();
            _tasks = await Catalog.TasksAsync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _loadError = $"The model and data roots could not be read: {e.Message}";
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        // The same page instance is reused when only the query changes (the app bar's "New experiment" from ?from=…).
        if (_applied == (From, Preset)) return;
        _applied = (From, Preset);
        _loadError = null;
        _source = null;
        _nameTouched = false;
        _errors.ClearServer();
        _importErrors = [];

        var spec = SpecPresets.PaperSpec;
        if (From is { } id)
        {
            var experiment = await Store.GetAsync(id);
            if (experiment is null)
            {
                _loadError = $"Experiment {id} does not exist; starting from the reference settings instead.";
            }
            else
            {
                try
                {
                    spec = ExperimentSpec.FromStoredJson(experiment.SpecJson);
                    _source = experiment;
                    _name = Truncate($"copy of {experiment.Name}");
                    _nameTouched = true;
                }
                catch (SpecValidationException e)
                {
                    _loadError = $"The spec of experiment {id} could not be read ({e.Message}); starting from the reference settings instead.";
                }
            }
        }
        else if (SpecPresets.Find(Preset) is { } preset)
        {
            spec = preset.Apply(spec);
        }
        _model.Load(spec);
        Refresh();
        _ready = true;
    }

    private void Refresh()
    {
        if (!_nameTouched) _name = _model.SuggestedName();
        var spec = _model.ToSpec();
        _errors.Update(spec, _name);
        _cost = RunCost.Of(spec, _tasks.FirstOrDefault(t => t.Name == spec.Task));
        _specJson = spec.ToJson();
    }

    private void OnChanged() => Refresh();

    private void NameChanged(string? value)
    {
        _name = value ?? "";
        _nameTouched = _name.Trim().Length > 0;
        Refresh();
    }

    private void SuggestName()
    {
        _nameTouched = false;
        Refresh();
    }

    private void ApplyPreset(SpecPreset preset)
    {
        _model.Load(preset.Apply(_model.ToSpec()));
        Refresh();
    }

    /// <summary>A whole-spec preset is active when the form holds exactly its spec; an algorithm preset when its algorithm is chosen.</summary>
    private bool IsActive(SpecPreset preset) => preset.ReplacesAll
        ? _model.ToSpec().Normalized().ToJson() == preset.Apply(_model.ToSpec()).Normalized().ToJson()
        : _model.Algorithm == preset.Apply(_model.ToSpec()).Algorithm;

    private async Task LaunchAsync()
    {
        Refresh();
        if (_errors.HasClientErrors)
        {
            Snackbar.Add("Fix the highlighted settings first.", Severity.Warning);
            return;
        }
        _launching = true;
        try
        {
            var spec = _model.ToSpec();
            var outcome = await Commands.CreateAsync(_name, spec);
            if (outcome.Failure is { } failure)
            {
                _errors.SetServer(failure.Errors, spec, _name);
                Refresh();
                Snackbar.Add($"Not launched: {failure.Message}", Severity.Error);
                return;
            }
            Snackbar.Add($"Experiment #{outcome.Value} queued.", Severity.Success);
            Navigation.NavigateTo($"experiments/{outcome.Value}");
        }
        catch (Exception e) when (Storage.StoreFaults.IsTransient(e))
        {
            Snackbar.Add($"Not launched: the database cannot take writes at the moment ({Storage.StoreFaults.Describe(e)}). Try again shortly.", Severity.Error);
        }
        finally
        {
            _launching = false;
        }
    }

    private async Task ImportFileAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _importSource = file.Name;
        if (file.Size > SpecImport.MaxBytes)
        {
            _importErrors = [new SpecError("", $"The file is {file.Size / 1024} KB; a spec is at most {SpecImport.MaxBytes / 1024} KB.")];
            return;
        }
        string text;
        try
        {
            await using var stream = file.OpenReadStream(SpecImport.MaxBytes);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text = await reader.ReadToEndAsync();
        }
        catch (IOException e)
        {
            _importErrors = [new SpecError("", $"The file could not be read: {e.Message}")];
            return;
        }
        Import(text);
    }

    private void ImportPasted()
    {
        _importSource = null;
        if (Import(_pasteText)) _pasteOpen = false;
    }

    /// <summary>Loads a spec into the form; its range errors then show on the fields. False when nothing was loaded.</summary>
    private bool Import(string? text)
    {
        var result = SpecImport.Parse(text);
        _importErrors = result.Errors;
        if (result.Spec is not { } spec) return false;
        _model.Load(spec);
        if (!string.IsNullOrWhiteSpace(result.Name))
        {
            _name = Truncate(result.Name.Trim());
            _nameTouched = true;
        }
        _errors.ClearServer();
        Refresh();
        Snackbar.Add(_errors.HasClientErrors ? "Spec loaded; some settings need fixing." : "Spec loaded.", _errors.HasClientErrors ? Severity.Warning : Severity.Success);
        return true;
    }

    private string ExportHref => "data:application/json;charset=utf-8," + Uri.EscapeDataString(_specJson);

    private string ExportFileName
    {
        get
        {
            var slug = new string(_name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
            while (slug.Contains("--", StringComparison.Ordinal)) slug = slug.Replace("--", "-", StringComparison.Ordinal);
            slug = slug.Trim('-');
            return (slug.Length == 0 ? "fedbpt-spec" : slug[..Math.Min(slug.Length, 80)]) + ".json";
        }
    }

    private int ErrorCount(string section) =>
        _errors.All().Count(e => SpecFields.Find(e.Field)?.Section == section);

    private static string SectionIcon(string section) => section switch
    {
        SpecFields.TaskSection => Icons.Material.Filled.Dataset,
        SpecFields.ModelSection => Icons.Material.Filled.Memory,
        SpecFields.FederationSection => Icons.Material.Filled.Hub,
        SpecFields.CmaSection => Icons.Material.Filled.ScatterPlot,
        SpecFields.PerturbationSection => Icons.Material.Filled.Shuffle,
        SpecFields.EvaluationSection => Icons.Material.Filled.Insights,
        _ => Icons.Material.Filled.Settings,
    };

    private string SectionSummary(string section) => section switch
    {
        SpecFields.TaskSection => $"{_model.Task} · k={_model.KShot} · {(_model.IsCentralized ? "1 party" : $"{_model.NumClients} clients")} · {(_model.Iid ? "IID" : "non-IID")}",
        SpecFields.ModelSection => $"{_model.Model} · {_model.NPromptTokens} tokens · {SpecChoices.CatOrAdd.NameOf(_model.CatOrAdd)}",
        SpecFields.FederationSection => $"{_model.Algorithm.Name} · {_model.NumRounds} rounds · {_model.LocalIter} local iterations",
        SpecFields.CmaSection => $"λ={(_model.UsesPopsize("bbtPopsize") ? _model.BbtPopsize : _model.LocalPopsize)} · σ₀={_model.Sigma:0.###} · d={_model.IntrinsicDim}",
        SpecFields.PerturbationSection => _model.Perturb ? $"rate {_model.PerturbRate:0.##}" : "off",
        SpecFields.EvaluationSection => $"{SpecChoices.LossType.NameOf(_model.LossType)} · {(_model.EvalClients.Count == 0 ? "no site" : string.Join(", ", _model.EvalClients))}",
        _ => "",
    };

    private static string Truncate(string name) => name.Length <= FieldLengths.Name ? name : name[..FieldLengths.Name];
}
