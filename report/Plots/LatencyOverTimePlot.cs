using CMesh.Report.Analysis;
using CMesh.Report.Statistics;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>Every delivery's latency against when it was written (a uniform sample of at most 20,000), with p50/p90/p99 per time bucket.</summary>
public sealed class LatencyOverTimePlot : IPlot
{
    public string Name => "latency-over-time";

    public string Title => "Message latency over time";

    public string Caption =>
        $"Grey: deliveries (a uniform sample of at most {DeliveryAnalysis.SampleSize:N0}) at the time they were written; lines: p50, p90 and p99 of each time bucket. Shaded: faults.";

    public bool HasData(RunFigures figures) => figures.Latency.Overall.HasSamples;

    public void Draw(Plot plot, RunFigures figures)
    {
        var sample = figures.Latency.Sample;
        var deliveries = plot.Add.Markers(
            sample.Select(p => p.WrittenAtSeconds).ToArray(), sample.Select(p => LogScale.Of(LogScale.Milliseconds(p.LatencyUs))).ToArray(),
            MarkerShape.FilledCircle, size: 3, Color.FromHex("#b0b0b0"));
        deliveries.LegendText = "delivery";

        var half = figures.Buckets.SecondsPerBucket / 2.0;
        var bands = figures.Latency.Bands.Where(b => b.Latency.HasSamples).ToList();
        var quantiles = new (string Name, string Colour, Func<Distribution, long> Value)[]
        {
            ("p50", "#1f77b4", d => d.P50), ("p90", "#ff7f0e", d => d.P90), ("p99", "#d62728", d => d.P99),
        };
        foreach (var (name, colour, value) in quantiles)
        {
            var line = plot.Add.ScatterLine(bands.Select(b => b.StartSeconds + half).ToArray(), bands.Select(b => LogScale.Of(LogScale.Milliseconds(value(b.Latency)))).ToArray(), Color.FromHex(colour));
            line.LineWidth = 2;
            line.LegendText = name;
        }

        LogScale.Apply(plot, plot.Axes.Left, sample.Select(p => LogScale.Milliseconds(p.LatencyUs)).Concat(bands.Select(b => LogScale.Milliseconds(b.Latency.P99))));
        plot.Axes.Left.Label.Text = "latency (ms, log scale)";
        TimeAxis.Apply(plot, figures.Window);
        ChaosShading.Draw(plot, figures);
        plot.ShowLegend(Edge.Bottom);
    }
}
