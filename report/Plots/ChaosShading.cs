using CMesh.Report.Analysis;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>
/// Shades every fault's interval on a time chart (x in seconds from the workload's start), one colour per fault, and
/// draws it as a labelled bar in a lane above the data, as Jepsen's performance plots do; actions inside a fault (a kill
/// in churn) are ticks at the bottom. Over a heatmap, whose cells would hide a fill, the interval is outlined instead. The seconds when
/// the host was saturated are hatched in grey along the bottom strip, where latency measured this host rather than
/// the network.
/// </summary>
public static class ChaosShading
{
    /// <summary>Faults shorter than this are still drawn this wide, so an instant action (a restart) shows.</summary>
    private const double MinimumSeconds = 0.2;

    /// <summary>Light, so that overlapping faults show through each other and the data through all of them.</summary>
    private const double FillOpacity = 0.45;

    /// <summary>To be called once the chart's data are on it: fills go behind them, outlines, labels and hatching on top.</summary>
    public static void Draw(Plot plot, RunFigures figures, bool outlineOnly = false)
    {
        var window = figures.Window;
        for (var i = 0; i < figures.Faults.Count; i++)
        {
            var fault = figures.Faults[i];
            var from = window.OffsetSeconds(fault.StartUs);
            var span = new ScottPlot.Plottables.HorizontalSpan { X1 = from, X2 = Math.Max(window.OffsetSeconds(fault.EndUs), from + MinimumSeconds), EnableAutoscale = false };
            if (outlineOnly)
            {
                span.LineStyle = new LineStyle { Width = 2, Color = FaultColours.Edge(i) };
                plot.PlottableList.Add(span);
            }
            else
            {
                span.FillColor = FaultColours.Fill(i).WithAlpha(FillOpacity);
                span.LineStyle = new LineStyle { Width = 1, Color = FaultColours.Edge(i).WithAlpha(0.5) };
                plot.PlottableList.Insert(i, span);
            }
        }

        if (figures.Faults.Count > 0)
        {
            plot.Axes.Top.MinimumSize = FaultMarks.StripHeight(figures.Faults.Count);
            plot.PlottableList.Add(new FaultMarks(figures.Faults, window));
        }

        plot.PlottableList.Add(new SaturationStrip(figures.Saturation.PerSecond.Where(s => s.Saturated).Select(s => s.Second).ToList()));
    }

    /// <summary>For a chart that is not over time: a line at the top saying how many seconds the host was saturated.</summary>
    public static void SaturationNote(Plot plot, RunFigures figures)
    {
        if (figures.Saturation.SaturatedSeconds == 0)
        {
            return;
        }

        var note = plot.Add.Annotation($"host saturated {figures.Saturation.SaturatedSeconds} s of {figures.Window.Seconds} s", Alignment.UpperLeft);
        note.LabelFontSize = 11;
        note.LabelFontColor = Color.FromHex("#555555");
        note.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
        note.LabelBorderWidth = 0;
        note.LabelShadowColor = Colors.Transparent;
    }
}
