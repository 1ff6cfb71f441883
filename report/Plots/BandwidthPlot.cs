using CMesh.Report.Analysis;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>The whole mesh's bytes per second: protocol overhead sent, and the payload received, useful or redundant.</summary>
public sealed class BandwidthPlot : IPlot
{
    public string Name => "bandwidth";

    public string Title => "Bandwidth over time (whole mesh)";

    public string Caption =>
        "Bytes per second, all peers (frames on the wire, without TCP/IP headers): everything sent, the protocol overhead within it (all but the updates' payload), and the payload received, useful (an update new to its receiver) or redundant (a copy already held).";

    public bool HasData(RunFigures figures) => figures.Bandwidth.ByPeer.Count > 0;

    public void Draw(Plot plot, RunFigures figures)
    {
        var perSecond = figures.Bandwidth.PerSecond;
        var seconds = perSecond.Select(s => s.Second).ToList();
        void Steps(Func<SecondBandwidth, long> bytes, string colour, float width, string legend) =>
            PerSecondSteps.Add(plot, seconds, [.. perSecond.Select(s => bytes(s) / 1024.0)], Color.FromHex(colour), width, legend);

        Steps(s => s.BytesOut, "#1f77b4", 2, "all bytes sent");
        Steps(s => s.OverheadBytesOut, "#7f7f7f", 1, "overhead");
        if (figures.Bandwidth.SplitsPayload)
        {
            Steps(s => s.UsefulPayloadBytesIn, "#2ca02c", 2, "useful payload");
            Steps(s => s.DuplicatePayloadBytesIn, "#d62728", 2, "redundant payload");
        }
        else
        {
            Steps(s => s.PayloadBytesOut, "#2ca02c", 2, "payload (useful and redundant not recorded)");
        }

        plot.Axes.Left.Label.Text = "KiB/s";
        plot.Axes.SetLimitsY(0, Math.Max(1, perSecond.Select(s => s.BytesOut / 1024.0).DefaultIfEmpty(0).Max()) * 1.05);
        TimeAxis.Apply(plot, figures.Window);
        ChaosShading.Draw(plot, figures);
        plot.ShowLegend(Edge.Bottom);
    }
}
