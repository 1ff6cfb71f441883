using System.Globalization;
using System.Text;
using CMesh.Report.Analysis;
using CMesh.Report.Timeline;

namespace CMesh.Report.Plots;

/// <summary>
/// Shades every fault's interval on a time chart (x in seconds from the workload's start) and writes its label at
/// the top, as Jepsen's performance plots do; actions inside a fault (a kill in churn) are ticks at the bottom.
/// Over a heatmap, whose image would hide a fill, the interval is outlined instead. The seconds when the host was
/// saturated are hatched in grey along the bottom strip, where latency measured this host rather than the network.
/// </summary>
public static class ChaosShading
{
    private const int SaturationObjects = 1000;
    private static readonly string[] Fills = ["#fdd0a2", "#c6dbef", "#d9f0d3", "#e7d4e8", "#fee391"];

    public static string Commands(RunFigures figures, bool outlineOnly = false) =>
        Commands(figures.Faults, figures.Window, outlineOnly) + Saturation(figures);

    /// <summary>For a chart that is not over time: a line at the top saying how many seconds the host was saturated.</summary>
    public static string SaturationNote(RunFigures figures) =>
        figures.Saturation.SaturatedSeconds == 0
            ? ""
            : $"set label 999 {PlotData.Quote($"host saturated {figures.Saturation.SaturatedSeconds} s of {figures.Window.Seconds} s")} at graph 0.01, graph 0.98 left front font ',8' tc rgb '#555555'\n";

    private static string Saturation(RunFigures figures)
    {
        var text = new StringBuilder();
        var saturated = figures.Saturation.PerSecond.Where(s => s.Saturated).Select(s => s.Second).ToList();
        var id = SaturationObjects;
        for (var i = 0; i < saturated.Count; i++)
        {
            var from = saturated[i];
            var to = from;
            while (i + 1 < saturated.Count && saturated[i + 1] == to + 1)
            {
                to = saturated[++i];
            }

            text.Append($"set object {id++} rect from {X(from)}, graph 0 to {X(to + 1)}, graph 0.06 fc rgb '#969696' fs pattern 4 noborder front\n");
        }

        if (saturated.Count > 0)
        {
            text.Append($"set label 998 {PlotData.Quote($"grey hatch: host saturated ({saturated.Count} s)")} at graph 0.99, graph 0.08 right front font ',8' tc rgb '#555555'\n");
        }

        return text.ToString();
    }

    public static string Commands(IReadOnlyList<FaultInterval> faults, RunWindow window, bool outlineOnly = false)
    {
        var text = new StringBuilder();
        for (var i = 0; i < faults.Count; i++)
        {
            var fault = faults[i];
            var from = X(window.OffsetSeconds(fault.StartUs));
            var to = X(Math.Max(window.OffsetSeconds(fault.EndUs), window.OffsetSeconds(fault.StartUs) + 0.2));
            text.Append(outlineOnly
                ? $"set object {i + 1} rect from {from}, graph 0 to {to}, graph 1 fs empty border lc rgb '#d62728' lw 2 front\n"
                : $"set object {i + 1} rect from {from}, graph 0 to {to}, graph 1 fc rgb '{Fills[i % Fills.Length]}' fs solid 1.0 noborder behind\n");
            var height = 0.96 - (0.05 * (i % 4));
            text.Append($"set label {i + 1} {PlotData.Quote(fault.Label)} at {from}, graph {X(height)} left front font ',8' tc rgb '#7f2704'\n");
            foreach (var action in fault.Actions)
            {
                var at = X(window.OffsetSeconds(action.TimeUs));
                text.Append($"set arrow from {at}, graph 0 to {at}, graph 0.04 nohead lc rgb '#7f2704' front\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The x range of every time chart: the run's window, reaching on to where faults are drawn to.</summary>
    public static string XRange(RunWindow window) => $"set xrange [0:{X(window.OffsetSeconds(window.DrawEndUs))}]\nset xlabel 'seconds since the workload started'\n";

    private static string X(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
