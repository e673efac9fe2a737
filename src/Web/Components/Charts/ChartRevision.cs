namespace FedBpt.Web.Components.Charts;

/// <summary>
/// A cheap fingerprint of what a figure draws, so that a chart asks plotly.js to redraw only when something changed
/// (a parent re-renders for many reasons: a log line, a toggle elsewhere).
/// </summary>
public sealed class ChartRevision
{
    private HashCode _hash;

    public ChartRevision Add<T>(T value)
    {
        _hash.Add(value);
        return this;
    }

    public string Value => _hash.ToHashCode().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What a chart hands to plotly.js: traces, layout and the fingerprint of both.</summary>
public sealed record Figure(IList<Plotly.Blazor.ITrace> Data, Plotly.Blazor.Layout Layout, string Revision);
