using CMesh.Report.Analysis;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>
/// A value per row (a link, a peer) per time bucket as a heatmap: readable for hundreds of rows where lines would
/// not be. Faults are outlined on top.
/// </summary>
public sealed class TimeHeatmapPlot(
    string name, string title, string caption, string rowLabel, string valueLabel, bool blankZeros, Func<RunFigures, IReadOnlyList<(string Row, double[] Values)>> rows) : IPlot
{
    private const int MaxNamedRows = 40;
    private static readonly string[] Palette = ["#deebf7", "#6baed6", "#08306b"];

    public static TimeHeatmapPlot LinkBandwidth() => new(
        "bandwidth-links", "Bandwidth per link over time",
        "Bytes per second sent on each directed link (sender>receiver), averaged over each time bucket; white: the link was not open.",
        "link", "bytes/s", blankZeros: true, f => f.Bandwidth.Links.Select(l => (l.Name, l.BytesOutPerSecond)).ToList());

    public static TimeHeatmapPlot OpenLinks() => new(
        "open-links", "Open links per peer over time",
        "Links each peer held open, averaged over each time bucket; 0 where the peer was down or isolated.",
        "peer", "open links", blankZeros: false, f => f.Peers.Where(f.Bandwidth.OpenLinksByPeer.ContainsKey).Select(p => (p, f.Bandwidth.OpenLinksByPeer[p])).ToList());

    public string Name => name;

    public string Title => title;

    public string Caption => caption;

    public bool HasData(RunFigures figures) => rows(figures).Count > 0;

    public void Draw(Plot plot, RunFigures figures)
    {
        var series = rows(figures);
        var buckets = series.Max(s => s.Values.Length);
        var grid = new double[series.Count, buckets];
        for (var r = 0; r < series.Count; r++)
        {
            for (var b = 0; b < buckets; b++)
            {
                var value = b < series[r].Values.Length ? series[r].Values[b] : double.NaN;
                grid[r, b] = value == 0 && blankZeros ? double.NaN : value;
            }
        }

        CategoryHeatmap.Add(plot, grid, left: 0, width: figures.Buckets.SecondsPerBucket, Palette, range: null, valueLabel);
        if (series.Count <= MaxNamedRows)
        {
            NamedTicks.Apply(plot.Axes.Left, [.. series.Select(s => s.Row)], fontSize: 9);
        }

        plot.Axes.SetLimitsY(-0.5, series.Count - 0.5);
        plot.Axes.Left.Label.Text = rowLabel;
        TimeAxis.Apply(plot, figures.Window);
        ChaosShading.Draw(plot, figures, outlineOnly: true);
    }
}
