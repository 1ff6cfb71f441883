using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>
/// A value per row (a link, a peer) per time bucket as a heatmap: readable for hundreds of rows where lines would
/// not be. Faults are outlined on top.
/// </summary>
public sealed class TimeHeatmapPlot(
    string fileName, string title, string caption, string rowLabel, string valueLabel, bool blankZeros, Func<RunFigures, IReadOnlyList<(string Row, double[] Values)>> rows) : IPlot
{
    private const int MaxNamedRows = 40;

    public static TimeHeatmapPlot LinkBandwidth() => new(
        "bandwidth-links.png", "Bandwidth per link over time",
        "Bytes per second sent on each directed link (sender>receiver), averaged over each time bucket; white: the link was not open.",
        "link", "bytes/s", blankZeros: true, f => f.Bandwidth.Links.Select(l => (l.Name, l.BytesOutPerSecond)).ToList());

    public static TimeHeatmapPlot OpenLinks() => new(
        "open-links.png", "Open links per peer over time",
        "Links each peer held open, averaged over each time bucket; 0 where the peer was down or isolated.",
        "peer", "open links", blankZeros: false, f => f.Peers.Where(f.Bandwidth.OpenLinksByPeer.ContainsKey).Select(p => (p, f.Bandwidth.OpenLinksByPeer[p])).ToList());

    public string FileName => fileName;

    public string Title => title;

    public string Caption => caption;

    public bool HasData(RunFigures figures) => rows(figures).Count > 0;

    public string Commands(RunFigures figures, PlotData data)
    {
        var series = rows(figures);
        var bucket = figures.Buckets.SecondsPerBucket;
        var matrix = data.Write("matrix.dat", series.Select(s => s.Values.Select(v => (object)(v == 0 && blankZeros ? double.NaN : v))));
        var tics = series.Count <= MaxNamedRows
            ? "(" + string.Join(", ", series.Select((s, i) => $"{PlotData.Quote(s.Row)} {i}")) + ")"
            : "autofreq";
        return ChaosShading.XRange(figures.Window) + ChaosShading.Commands(figures, outlineOnly: true) + $"""
            set ylabel '{rowLabel}'
            set cblabel '{valueLabel}'
            set ytics {tics} font ',7'
            set yrange [-0.5:{series.Count - 0.5}]
            set palette defined (0 '#f7fbff', 1 '#6baed6', 2 '#08306b')
            set datafile missing 'NaN'
            unset key
            plot '{matrix}' matrix using (($1 + 0.5) * {bucket}):2:3 with image
            """;
    }
}
