using CMesh.Common;
using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>A figure of each writer (x) at each reader (y): a slow writer is a column, a slow reader a row.</summary>
public sealed class HeatmapPlot(string fileName, string title, string caption, string scale, string palette, Func<RunFigures, IEnumerable<(string Writer, string Reader, double Value)>> cells)
    : IPlot
{
    private const int MaxNamedPeers = 30;

    /// <summary>p90 latency per pair; a pair with fewer than 10 deliveries has no p90 and stays white.</summary>
    public static HeatmapPlot Latency() => new(
        "latency-heatmap.png", "Writer × reader latency (p90)",
        "p90 message latency of each writer's updates (x) at each reader (y); white: fewer than 10 deliveries, too few for a p90.",
        "p90 latency (ms)", "(0 '#ffffcc', 1 '#fd8d3c', 2 '#800026')",
        f => f.Latency.Heatmap.Where(c => c.Latency.Supports(0.9)).Select(c => (c.Writer, c.Reader, c.Latency.P90 / 1000.0)));

    /// <summary>Share of the seconds each reader was within the freshness bound of each writer.</summary>
    public static HeatmapPlot Freshness() => new(
        "freshness-heatmap.png", "Writer × reader freshness",
        "Share of the seconds (both up) each reader (y) lagged each writer (x) by no more than the freshness bound; white: no second with both up.",
        "% of seconds fresh", "(0 '#800026', 50 '#fd8d3c', 100 '#ffffcc')",
        f => f.Freshness.Cells.Where(c => c.Samples > 0).Select(c => (c.Writer, c.Reader, c.FreshPercent)));

    public string FileName => fileName;

    public string Title => title;

    public string Caption => caption;

    public bool HasData(RunFigures figures) => cells(figures).Any();

    public string Commands(RunFigures figures, PlotData data)
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

        var matrix = data.Write("matrix.dat", Enumerable.Range(0, peers.Count).Select(r => Enumerable.Range(0, peers.Count).Select(w => (object)grid[r, w])));
        var tics = peers.Count <= MaxNamedPeers
            ? "(" + string.Join(", ", peers.Select((p, i) => $"{PlotData.Quote(p)} {i}")) + ")"
            : "autofreq";
        return $"""
            set xlabel 'writer'
            set ylabel 'reader'
            set cblabel '{scale}'
            set xtics {tics} rotate by 90 right font ',8'
            set ytics {tics} font ',8'
            set xrange [-0.5:{peers.Count - 0.5}]
            set yrange [-0.5:{peers.Count - 0.5}]
            set palette defined {palette}
            set datafile missing 'NaN'
            unset key
            plot '{matrix}' matrix with image
            """;
    }
}
