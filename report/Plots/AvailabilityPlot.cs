using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>Per second: the share of peers up and writing, their mean freshness, and the worst staleness of any.</summary>
public sealed class AvailabilityPlot : IPlot
{
    public string FileName => "availability.png";

    public string Title => "Availability and freshness over time";

    public string Caption => "Per second: peers running and writing (% of all peers), mean share of writers each running peer holds a fresh update from, and the worst staleness of any peer (right axis).";

    public bool HasData(RunFigures figures) => figures.Availability.ByPeer.Count > 0;

    public string Commands(RunFigures figures, PlotData data)
    {
        var peers = Math.Max(1, figures.Peers.Count);
        var seconds = data.Write("seconds.dat", figures.Availability.PerSecond.Select(s => new object[]
        {
            s.Second + 0.5, 100.0 * s.PeersAvailable / peers, s.MeanFreshPercent, s.WorstStalenessMs < 0 ? double.NaN : s.WorstStalenessMs / 1000.0,
        }));
        return ChaosShading.XRange(figures.Window) + ChaosShading.Commands(figures.Faults, figures.Window) + $"""
            set ylabel '% of peers / % of writers fresh'
            set yrange [0:105]
            set y2label 'worst staleness (s)'
            set y2tics
            set ytics nomirror
            set key below horizontal
            plot '{seconds}' using 1:2 with steps lw 2 lc rgb '#2ca02c' title 'peers available', \
                 '' using 1:3 with lines lw 2 lc rgb '#1f77b4' title 'mean freshness', \
                 '' using 1:4 axes x1y2 with lines lw 1 lc rgb '#d62728' title 'worst staleness'
            """;
    }
}
