using FedBpt.Engine.Tasks;
using FedBpt.Storage.Datasets;
using FedBpt.Web.Catalog;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace FedBpt.Web.Components.Catalog;

/// <summary>
/// Registers a custom task from an uploaded TSV/CSV file. <see cref="DatasetRegistration"/> checks everything; this form
/// only collects the definition, guesses the columns from the header and shows each error at its field.
/// </summary>
public sealed partial class CustomTaskForm
{
    [Inject] private DatasetRegistration Registration { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private static readonly string[] Placeholders = ["{text_a}", "{text_b}", "<mask>"];

    // The fields DatasetRegistration reports errors for that the form shows in place; any other key (the file's
    // content, "dataset", or a conflict, "") goes to the alert above the button.
    private static readonly HashSet<string> FieldKeys =
        ["name", "template", "textAColumn", "textBColumn", "labelColumn", "labels", "metric", "train", "test"];

    private MudFileUpload<IBrowserFile>? _trainUpload;
    private MudFileUpload<IBrowserFile>? _testUpload;
    private UploadedFile? _train;
    private UploadedFile? _test;
    private FilePreview? _preview;

    private string? _name;
    private string? _template;
    private string? _textA;
    private string? _textB;
    private string? _labelColumn;
    private string _metric = "accuracy";
    private int _positiveClass = 1;
    private List<LabelRow> _labels = [new(), new()];

    private Dictionary<string, string[]> _errors = [];
    private bool _busy;

    /// <summary>Raised with the new task once it is stored.</summary>
    [Parameter] public EventCallback<UploadedDataset> OnRegistered { get; set; }

    private bool Interactive => RendererInfo.IsInteractive;

    private IReadOnlyList<string> Columns => _preview?.Columns ?? [];

    private bool Has(string field) => _errors.ContainsKey(field);

    private IReadOnlyList<string> ErrorsOf(string field) => _errors.GetValueOrDefault(field) ?? [];

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private IEnumerable<string> GeneralErrors =>
        _errors.Where(e => !FieldKeys.Contains(e.Key) && !(e.Key == "positiveClass" && _metric == "f1")).SelectMany(e => e.Value);

    private async Task PickTrainAsync(IBrowserFile? file)
    {
        _errors.Remove("train");
        _train = file is null ? null : await ReadAsync(file, "train");
        _preview = _train is null ? null : FilePreview.Of(_train);
        if (_preview is not null) GuessColumns(_preview);
    }

    private async Task PickTestAsync(IBrowserFile? file)
    {
        _errors.Remove("test");
        _test = file is null ? null : await ReadAsync(file, "test");
    }

    private async Task ClearTrainAsync()
    {
        _train = null;
        _preview = null;
        if (_trainUpload is not null) await _trainUpload.ClearAsync();
    }

    private async Task ClearTestAsync()
    {
        _test = null;
        if (_testUpload is not null) await _testUpload.ClearAsync();
    }

    /// <summary>The file's bytes, read from the browser with the upload limit; null (and an error at the field) past it.</summary>
    private async Task<UploadedFile?> ReadAsync(IBrowserFile file, string field)
    {
        long limit = Registration.MaxUploadBytes;
        if (file.Size > limit)
        {
            _errors[field] = [$"'{file.Name}' is {CatalogFormat.Bytes(file.Size)}; the limit is {CatalogFormat.Bytes(limit)} (FedBpt:MaxUploadBytes)."];
            return null;
        }
        try
        {
            await using var stream = file.OpenReadStream(limit);
            using var buffer = new MemoryStream((int)file.Size);
            await stream.CopyToAsync(buffer);
            return new UploadedFile(file.Name, buffer.ToArray());
        }
        catch (IOException e)
        {
            _errors[field] = [$"'{file.Name}' could not be read: {e.Message}"];
            return null;
        }
    }

    /// <summary>Fills the column fields the user left empty from the header, where the names make the choice obvious.</summary>
    private void GuessColumns(FilePreview preview)
    {
        var columns = preview.Columns;
        if (string.IsNullOrWhiteSpace(_labelColumn) || !columns.Contains(_labelColumn))
        {
            string[] labelNames = ["label", "labels", "class", "category", "sentiment", "target", "y"];
            var label = columns.FirstOrDefault(c => labelNames.Contains(c.Trim(), StringComparer.OrdinalIgnoreCase));
            if (label is not null) LabelColumnChanged(label);
            else _labelColumn = null;
        }
        if (string.IsNullOrWhiteSpace(_textA) || !columns.Contains(_textA))
            _textA = columns.FirstOrDefault(c => c != _labelColumn);
        if (_textB is not null && !columns.Contains(_textB)) _textB = null;
    }

    /// <summary>A new label column fills an untouched label editor with the column's values.</summary>
    private void LabelColumnChanged(string? column)
    {
        _labelColumn = column;
        if (column is null || _preview is null || _labels.Any(l => !string.IsNullOrWhiteSpace(l.Label) || !string.IsNullOrWhiteSpace(l.Word))) return;
        var values = _preview.LabelValues(column);
        if (values.Count >= 2) _labels = values.Select(v => new LabelRow { Label = v }).ToList();
    }

    private void Insert(string placeholder)
    {
        var template = _template ?? "";
        _template = template.Length == 0 || template.EndsWith(' ') ? template + placeholder : template + " " + placeholder;
    }

    private async Task RegisterAsync()
    {
        _busy = true;
        _errors = [];
        try
        {
            var labels = _labels.Where(l => !string.IsNullOrWhiteSpace(l.Label) || !string.IsNullOrWhiteSpace(l.Word))
                .Select(l => new LabelWord(l.Label ?? "", l.Word ?? "")).ToArray();
            var definition = new DatasetDefinition(_name, _template, _textA, string.IsNullOrWhiteSpace(_textB) ? null : _textB,
                _labelColumn, labels, _metric, _metric == "f1" ? _positiveClass : null);
            var registered = await Registration.RegisterAsync(new DatasetUpload(definition, _train, _test));
            if (registered.Failure is { } failure)
            {
                _errors = failure.Errors.ToDictionary(e => e.Key, e => e.Value);
                return;
            }

            var summary = registered.Value!;
            Snackbar.Add($"Registered '{summary.Name}': {summary.Rows:N0} training rows" +
                (summary.TestRows is { } testRows ? $", {testRows:N0} test rows." : "."), Severity.Success);
            await ResetAsync();
            await OnRegistered.InvokeAsync(summary);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ResetAsync()
    {
        await ClearTrainAsync();
        await ClearTestAsync();
        (_name, _template, _textA, _textB, _labelColumn, _metric, _positiveClass) = (null, null, null, null, null, "accuracy", 1);
        _labels = [new(), new()];
    }

    private sealed class LabelRow
    {
        public string? Label { get; set; }
        public string? Word { get; set; }
    }
}
