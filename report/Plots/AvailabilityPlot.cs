using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>Per second: the share of peers available, the share of (reader, writer) pairs fresh, and the worst lag of any.</summary>
public sealed class AvailabilityPlot : IPlot
{
    public string FileName => "availability.png";

    public string Title => "Availability and freshness over time";

    public string Caption =>
        "Per second: peers available (an acknowledged write in the period, % of all peers); (reader, writer) pairs, both up, whose lag is within the freshness bound (%); the worst lag of any pair (right axis).";

    public bool HasData(RunFigures figures) => figures.Availability.ByPeer.Count > 0;

    public string Commands(RunFigures figures, PlotData data)
    {
        var peers = Math.Max(1, figures.Peers.Count);
        var seconds = data.Write("seconds.dat", Enumerable.Range(0, figures.Window.Seconds).Select(s => new object[]
        {
            s + 0.5, 100.0 * figures.Availability.PeersAvailablePerSecond[s] / peers, figures.Freshness.PerSecond[s].FreshPercent,
            figures.Freshness.PerSecond[s].WorstLagUs < 0 ? double.NaN : figures.Freshness.PerSecond[s].WorstLagUs / 1e6,
        }));
        var lag = figures.Freshness.Lag.HasSamples
            ? ", \\\n     '' using 1:4 axes x1y2 with lines lw 1 lc rgb '#d62728' title 'worst lag'"
            : "";
        return ChaosShading.XRange(figures.Window) + ChaosShading.Commands(figures) + $"""
            set ylabel '% of peers available / % of pairs fresh'
            set yrange [0:105]
            set y2label 'worst lag (s)'
            set y2tics
            set y2range [0:*]
            set ytics nomirror
            set datafile missing 'NaN'
            set key below horizontal
            plot '{seconds}' using 1:2 with steps lw 2 lc rgb '#2ca02c' title 'peers available', \
                 '' using 1:3 with lines lw 2 lc rgb '#1f77b4' title 'pairs fresh'{lag}
            """;
    }
}
