using CMesh.Report.Analysis;
using CMesh.Report.Statistics;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>The latency distribution overall and per phase: before the faults, during and after each kind of fault.</summary>
public sealed class LatencyCdfPlot : IPlot
{
    private static readonly Color[] PhaseColours = [.. new[] { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22" }.Select(Color.FromHex)];

    public string Name => "latency-cdf";

    public string Title => "Message latency CDF, overall and by phase";

    public string Caption => "Share of deliveries that took at most x. Phases by when the update was written: before the first fault, during a fault, after it (until the next). Phases of faults of one kind are drawn as one line; summary.csv has each fault's.";

    public bool HasData(RunFigures figures) => figures.Latency.Overall.HasSamples;

    public void Draw(Plot plot, RunFigures figures)
    {
        var groups = figures.Latency.ByPhaseGroup.Where(g => g.Latency.HasSamples).ToList();
        for (var i = 0; i < groups.Count; i++)
        {
            Line(plot, groups[i].Cdf, $"{groups[i].Group} (n={groups[i].Latency.Count:N0})", PhaseColours[i % PhaseColours.Length], width: 2);
        }

        Line(plot, figures.Latency.OverallCdf, "overall", Colors.Black, width: 3);
        LogScale.Apply(plot, plot.Axes.Bottom, figures.Latency.OverallCdf.Select(p => LogScale.Milliseconds(p.Microseconds)));
        plot.Axes.Bottom.Label.Text = "latency (ms, log scale)";
        plot.Axes.Left.Label.Text = "share of deliveries";
        plot.Axes.SetLimitsY(0, 1.02);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);
        ChaosShading.SaturationNote(plot, figures);
        plot.ShowLegend(Alignment.LowerRight);
    }

    private static void Line(Plot plot, IReadOnlyList<CdfPoint> cdf, string name, Color colour, float width)
    {
        var line = plot.Add.ScatterLine(cdf.Select(p => LogScale.Of(LogScale.Milliseconds(p.Microseconds))).ToArray(), cdf.Select(p => p.Fraction).ToArray(), colour);
        line.LineWidth = width;
        line.LegendText = name;
    }
}
