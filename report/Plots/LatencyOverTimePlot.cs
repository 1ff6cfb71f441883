using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>Every delivery's latency against when it was written (a uniform sample of at most 20,000), with p50/p90/p99 per time bucket.</summary>
public sealed class LatencyOverTimePlot : IPlot
{
    public string FileName => "latency-over-time.png";

    public string Title => "Message latency over time";

    public string Caption =>
        $"Grey: deliveries (a uniform sample of at most {DeliveryAnalysis.SampleSize:N0}) at the time they were written; lines: p50, p90 and p99 of each time bucket. Shaded: faults.";

    public bool HasData(RunFigures figures) => figures.Latency.Overall.HasSamples;

    public string Commands(RunFigures figures, PlotData data)
    {
        var points = data.Write("points.dat", figures.Latency.Sample.Select(p => new object[] { p.WrittenAtSeconds, Math.Max(p.LatencyUs, 1) / 1000.0 }));
        var half = figures.Buckets.SecondsPerBucket / 2.0;
        var bands = data.Write("bands.dat", figures.Latency.Bands.Where(b => b.Latency.HasSamples)
            .Select(b => new object[] { b.StartSeconds + half, Math.Max(b.Latency.P50, 1) / 1000.0, Math.Max(b.Latency.P90, 1) / 1000.0, Math.Max(b.Latency.P99, 1) / 1000.0 }));
        return ChaosShading.XRange(figures.Window) + ChaosShading.Commands(figures) + $"""
            set logscale y
            set ylabel 'latency (ms, log scale)'
            set key below horizontal
            plot '{points}' using 1:2 with points pt 7 ps 0.3 lc rgb '#b0b0b0' title 'delivery', \
                 '{bands}' using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'p50', \
                 '' using 1:3 with lines lw 2 lc rgb '#ff7f0e' title 'p90', \
                 '' using 1:4 with lines lw 2 lc rgb '#d62728' title 'p99'
            """;
    }
}
