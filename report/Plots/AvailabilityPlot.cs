using CMesh.Report.Analysis;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>Per second: the share of peers available, the share of (reader, writer) pairs fresh, and the worst lag of any.</summary>
public sealed class AvailabilityPlot : IPlot
{
    public string Name => "availability";

    public string Title => "Availability and freshness over time";

    public string Caption =>
        "Per second: peers available (an acknowledged write in the period, % of all peers); (reader, writer) pairs, both up, whose lag is within the freshness bound (%); the worst lag of any pair (right axis).";

    public bool HasData(RunFigures figures) => figures.Availability.ByPeer.Count > 0;

    public void Draw(Plot plot, RunFigures figures)
    {
        var peers = Math.Max(1, figures.Peers.Count);
        var seconds = Enumerable.Range(0, figures.Window.Seconds).ToList();
        var freshness = figures.Freshness.PerSecond;
        PerSecondSteps.Add(plot, seconds, [.. seconds.Select(s => 100.0 * figures.Availability.PeersAvailablePerSecond[s] / peers)], Color.FromHex("#2ca02c"), 2, "peers available");
        BrokenLine.Add(plot, [.. seconds.Select(s => s + 0.5)], [.. seconds.Select(s => freshness[s].FreshPercent)], Color.FromHex("#1f77b4"), 2, "pairs fresh");
        plot.Axes.Left.Label.Text = "% of peers available / % of pairs fresh";
        plot.Axes.SetLimitsY(0, 105);

        if (figures.Freshness.Lag.HasSamples)
        {
            var lags = seconds.Select(s => freshness[s].WorstLagUs < 0 ? double.NaN : freshness[s].WorstLagUs / 1e6).ToArray();
            foreach (var line in BrokenLine.Add(plot, [.. seconds.Select(s => s + 0.5)], lags, Color.FromHex("#d62728"), 1, "worst lag"))
            {
                line.Axes.YAxis = plot.Axes.Right;
            }

            plot.Axes.Right.Label.Text = "worst lag (s)";
            plot.Axes.SetLimitsY(0, Math.Max(1, lags.Where(double.IsFinite).DefaultIfEmpty(0).Max()) * 1.05, plot.Axes.Right);
        }

        TimeAxis.Apply(plot, figures.Window);
        ChaosShading.Draw(plot, figures);
        plot.ShowLegend(Edge.Bottom);
    }
}
