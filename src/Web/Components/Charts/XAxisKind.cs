namespace FedBpt.Web.Components.Charts;

/// <summary>What a training curve is plotted against.</summary>
public enum XAxisKind
{
    /// <summary>The round number, 1-based as the log and the header show it.</summary>
    Round,
    /// <summary>Cumulative wall-clock seconds of training.</summary>
    WallSeconds,
    /// <summary>Cumulative model queries, FedBPT's cost unit.</summary>
    LmQueries,
}

public static class XAxes
{
    public static double ValueOf(FedBpt.Engine.Federation.RoundRecord point, XAxisKind kind) => kind switch
    {
        XAxisKind.Round => point.Round + 1,
        XAxisKind.WallSeconds => point.WallSeconds,
        XAxisKind.LmQueries => point.LmQueries,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Title(XAxisKind kind) => kind switch
    {
        XAxisKind.Round => "round",
        XAxisKind.WallSeconds => "wall time (s)",
        XAxisKind.LmQueries => "LM queries",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The plotly x axis: titled, and with whole-number ticks when a few rounds would otherwise get 1.5, 2.5.</summary>
    public static Plotly.Blazor.LayoutLib.XAxis Axis(XAxisKind kind, int rounds) => new()
    {
        Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = Title(kind) },
        ZeroLine = false,
        DTick = kind == XAxisKind.Round && rounds <= 20 ? 1 : null,
    };

    public static string Label(XAxisKind kind) => kind switch
    {
        XAxisKind.Round => "Round",
        XAxisKind.WallSeconds => "Wall time",
        XAxisKind.LmQueries => "LM queries",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
