using CMesh.Common;
using CMesh.Report.Analysis;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>A figure of each writer (x) at each reader (y): a slow writer is a column, a slow reader a row; white: no value.</summary>
/// <param name="range">The colour scale's fixed range, or null for the values' own.</param>
public sealed class HeatmapPlot(
    string name, string title, string caption, string scale, string[] palette, ScottPlot.Range? range, Func<RunFigures, IEnumerable<(string Writer, string Reader, double Value)>> cells)
    : IPlot
{
    private const int MaxNamedPeers = 30;

    /// <summary>p90 latency per pair; a pair with fewer than 10 deliveries has no p90 and stays white.</summary>
    public static HeatmapPlot Latency() => new(
        "latency-heatmap", "Writer × reader latency (p90)",
        "p90 message latency of each writer's updates (x) at each reader (y); white: fewer than 10 deliveries, too few for a p90.",
        "p90 latency (ms)", ["#ffffcc", "#fd8d3c", "#800026"], range: null,
        f => f.Latency.Heatmap.Where(c => c.Latency.Supports(0.9)).Select(c => (c.Writer, c.Reader, c.Latency.P90 / 1000.0)));

    /// <summary>Share of the seconds each reader was within the freshness bound of each writer.</summary>
    public static HeatmapPlot Freshness() => new(
        "freshness-heatmap", "Writer × reader freshness",
        "Share of the seconds (both up) each reader (y) lagged each writer (x) by no more than the freshness bound; white: no second with both up.",
        "% of seconds fresh", ["#800026", "#fd8d3c", "#ffffcc"], new ScottPlot.Range(0, 100),
        f => f.Freshness.Cells.Where(c => c.Samples > 0).Select(c => (c.Writer, c.Reader, c.FreshPercent)));

    public string Name => name;

    public string Title => title;

    public string Caption => caption;

    public bool HasData(RunFigures figures) => cells(figures).Any();

    public void Draw(Plot plot, RunFigures figures)
    {
        var values = cells(figures).ToList();
        var peers = values.SelectMany(c => new[] { c.Writer, c.Reader }).Distinct().Order(NaturalOrder.Instance).ToList();
        var index = peers.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var grid = new double[peers.Count, peers.Count];
        for (var r = 0; r < peers.Count; r++)
        {
            for (var w = 0; w < peers.Count; w++)
            {
                grid[r, w] = double.NaN;
            }
        }

        foreach (var (writer, reader, value) in values)
        {
            grid[index[reader], index[writer]] = value;
        }

        CategoryHeatmap.Add(plot, grid, left: -0.5, width: 1, palette, range, scale);
        if (peers.Count <= MaxNamedPeers)
        {
            NamedTicks.Apply(plot.Axes.Bottom, peers, fontSize: 10, upright: true);
            NamedTicks.Apply(plot.Axes.Left, peers, fontSize: 10);
        }

        plot.Axes.SetLimits(-0.5, peers.Count - 0.5, -0.5, peers.Count - 0.5);
        plot.Axes.Bottom.Label.Text = "writer";
        plot.Axes.Left.Label.Text = "reader";
    }
}
