using CMesh.Report.Timeline;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>The x axis of every time chart: seconds from the workload's start to where faults are drawn to.</summary>
public static class TimeAxis
{
    public static void Apply(Plot plot, RunWindow window)
    {
        plot.Axes.SetLimitsX(0, window.OffsetSeconds(window.DrawEndUs));
        plot.Axes.Bottom.Label.Text = "seconds since the workload started";
    }
}
