using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>The latency distribution overall and per phase: before the faults, during and after each kind of fault.</summary>
public sealed class LatencyCdfPlot : IPlot
{
    public string FileName => "latency-cdf.png";

    public string Title => "Message latency CDF, overall and by phase";

    public string Caption => "Share of deliveries that took at most x. Phases by when the update was written: before the first fault, during a fault, after it (until the next). Phases of faults of one kind are drawn as one line; summary.csv has each fault's.";

    public bool HasData(RunFigures figures) => figures.Latency.Overall.HasSamples;

    public string Commands(RunFigures figures, PlotData data)
    {
        var series = new List<(string File, string Title)> { (Write(data, "overall", figures.Latency.OverallCdf), "overall") };
        var groups = figures.Latency.ByPhaseGroup.Where(g => g.Latency.HasSamples).ToList();
        for (var i = 0; i < groups.Count; i++)
        {
            series.Add((Write(data, $"phase{i}", groups[i].Cdf), $"{groups[i].Group} (n={groups[i].Latency.Count:N0})"));
        }

        var plots = series.Select((s, i) => $"'{s.File}' using 1:2 with lines lw {(i == 0 ? 3 : 2)} {(i == 0 ? "lc rgb 'black'" : "")} title {PlotData.Quote(s.Title)}");
        return ChaosShading.SaturationNote(figures) + $"""
            set logscale x
            set xlabel 'latency (ms, log scale)'
            set ylabel 'share of deliveries'
            set yrange [0:1.02]
            set key bottom right opaque
            plot {string.Join(", \\\n     ", plots)}
            """;
    }

    private static string Write(PlotData data, string name, IReadOnlyList<Statistics.CdfPoint> cdf) =>
        data.Write($"{name}.dat", cdf.Select(p => new object[] { Math.Max(p.Microseconds, 1) / 1000.0, p.Fraction }));
}
