using MudBlazor;

namespace FedBpt.Web.Components.Layout;

/// <summary>The dashboard's one theme: MudBlazor's defaults with a calmer palette.</summary>
public static class FedBptTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2f5d8a",
            Secondary = "#e07a1f",
            AppbarBackground = "#1f3b57",
        },
    };
}
