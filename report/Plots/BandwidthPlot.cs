using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>The whole mesh's bytes per second: protocol overhead sent, and the payload received, useful or redundant.</summary>
public sealed class BandwidthPlot : IPlot
{
    public string FileName => "bandwidth.png";

    public string Title => "Bandwidth over time (whole mesh)";

    public string Caption =>
        "Bytes per second, all peers (frames on the wire, without TCP/IP headers): everything sent, the protocol overhead within it (all but the updates' payload), and the payload received, useful (an update new to its receiver) or redundant (a copy already held).";

    public bool HasData(RunFigures figures) => figures.Bandwidth.ByPeer.Count > 0;

    public string Commands(RunFigures figures, PlotData data)
    {
        var seconds = data.Write("seconds.dat", figures.Bandwidth.PerSecond.Select(s => new object[]
        {
            s.Second + 0.5, s.BytesOut / 1024.0, s.OverheadBytesOut / 1024.0, s.UsefulPayloadBytesIn / 1024.0, s.DuplicatePayloadBytesIn / 1024.0,
        }));
        var split = figures.Bandwidth.SplitsPayload
            ? $", \\\n     '' using 1:4 with steps lw 2 lc rgb '#2ca02c' title 'useful payload', \\\n     '' using 1:5 with steps lw 2 lc rgb '#d62728' title 'redundant payload'"
            : ", \\\n     '' using 1:($2-$3) with steps lw 2 lc rgb '#2ca02c' title 'payload (useful and redundant not recorded)'";
        return ChaosShading.XRange(figures.Window) + ChaosShading.Commands(figures) + $"""
            set ylabel 'KiB/s'
            set yrange [0:*]
            set key below horizontal
            plot '{seconds}' using 1:2 with steps lw 2 lc rgb '#1f77b4' title 'all bytes sent', \
                 '' using 1:3 with steps lw 1 lc rgb '#7f7f7f' title 'overhead'{split}
            """;
    }
}
