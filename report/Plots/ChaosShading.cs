using System.Globalization;
using System.Text;
using CMesh.Report.Timeline;

namespace CMesh.Report.Plots;

/// <summary>
/// Shades every fault's interval on a time chart (x in seconds from the workload's start) and writes its label at
/// the top, as Jepsen's performance plots do; actions inside a fault (a kill in churn) are ticks at the bottom.
/// Over a heatmap, whose image would hide a fill, the interval is outlined instead.
/// </summary>
public static class ChaosShading
{
    private static readonly string[] Fills = ["#fdd0a2", "#c6dbef", "#d9f0d3", "#e7d4e8", "#fee391"];

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
