using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>The whole mesh's bytes per second: everything on the wire, and the updates' payload within it.</summary>
public sealed class BandwidthPlot : IPlot
{
    public string FileName => "bandwidth.png";

    public string Title => "Bandwidth over time (whole mesh)";

    public string Caption => "Bytes sent per second by all peers (frames on the wire, without TCP/IP headers); payload: the updates' own bytes, the rest is protocol overhead.";

    public bool HasData(RunFigures figures) => figures.Bandwidth.ByPeer.Count > 0;

    public string Commands(RunFigures figures, PlotData data)
    {
        var seconds = data.Write("seconds.dat", figures.Bandwidth.PerSecond.Select(s => new object[] { s.Second + 0.5, s.BytesOut / 1024.0, s.PayloadBytesOut / 1024.0 }));
        return ChaosShading.XRange(figures.Window) + ChaosShading.Commands(figures.Faults, figures.Window) + $"""
            set ylabel 'KiB/s'
            set yrange [0:*]
            set key below horizontal
            plot '{seconds}' using 1:2 with steps lw 2 lc rgb '#1f77b4' title 'all bytes', \
                 '' using 1:3 with steps lw 2 lc rgb '#ff7f0e' title 'payload'
            """;
    }
}
