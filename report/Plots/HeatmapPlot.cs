using CMesh.Common;
using CMesh.Report.Analysis;
using CMesh.Report.Input;

namespace CMesh.Report.Plots;

/// <summary>p99 latency from each writer to each reader: a slow writer is a column, a slow reader a row.</summary>
public sealed class HeatmapPlot : IPlot
{
    private const int MaxNamedPeers = 30;

    public string FileName => "latency-heatmap.png";

    public string Title => "Writer × reader latency (p99)";

    public string Caption => "p99 message latency of the updates of each writer (x) as received by each reader (y); white: none delivered.";

    public bool HasData(RunFigures figures) => figures.Latency.Heatmap.Count > 0;

    public string Commands(RunFigures figures, PlotData data)
    {
        var peers = figures.Latency.Heatmap.SelectMany(c => new[] { c.Writer, c.Reader }).Distinct().Order(NaturalOrder.Instance).ToList();
        var index = peers.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var cells = new double[peers.Count, peers.Count];
        for (var r = 0; r < peers.Count; r++)
        {
            for (var w = 0; w < peers.Count; w++)
            {
                cells[r, w] = double.NaN;
            }
        }

        foreach (var cell in figures.Latency.Heatmap)
        {
            cells[index[cell.Reader], index[cell.Writer]] = cell.P99Us / 1000.0;
        }

        var matrix = data.Write("matrix.dat", Enumerable.Range(0, peers.Count).Select(r => Enumerable.Range(0, peers.Count).Select(w => (object)cells[r, w])));
        var tics = peers.Count <= MaxNamedPeers
            ? "(" + string.Join(", ", peers.Select((p, i) => $"{PlotData.Quote(p)} {i}")) + ")"
            : "autofreq";
        return $"""
            set xlabel 'writer'
            set ylabel 'reader'
            set cblabel 'p99 latency (ms)'
            set xtics {tics} rotate by 90 right font ',8'
            set ytics {tics} font ',8'
            set xrange [-0.5:{peers.Count - 0.5}]
            set yrange [-0.5:{peers.Count - 0.5}]
            set palette defined (0 '#ffffcc', 1 '#fd8d3c', 2 '#800026')
            set datafile missing 'NaN'
            unset key
            plot '{matrix}' matrix with image
            """;
    }
}
