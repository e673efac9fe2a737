using FedBpt.Web.Catalog;
using Microsoft.AspNetCore.Components;

namespace FedBpt.Web.Components.ExperimentForm;

/// <summary>A group of spec inputs: binds to the form model, shows each key's help and errors, and reports changes.</summary>
public abstract class SpecSectionBase : ComponentBase
{
    [Parameter, EditorRequired] public ExperimentFormModel Model { get; set; } = null!;
    [Parameter, EditorRequired] public FormErrors Errors { get; set; } = null!;
    [Parameter] public EventCallback OnChange { get; set; }
    [Parameter] public IReadOnlyList<TaskInfo> Tasks { get; set; } = [];
    [Parameter] public IReadOnlyList<ModelInfo> Models { get; set; } = [];
    [Parameter] public bool Disabled { get; set; }

    protected bool Has(string key) => Errors.Has(key);
    protected string? Err(string key) => Errors.Text(key);
    protected static string Label(string key) => SpecFields.LabelOf(key);
    protected static string Help(string key) => SpecFields.HelpOf(key);

    /// <summary>The id of a field's input element ("f-numClients"), for labels, tests and the error summary's links.</summary>
    public static string IdOf(string key) => "f-" + key;

    protected Task Changed() => OnChange.InvokeAsync();
}
