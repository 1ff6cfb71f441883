using CMesh.Report.Timeline;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>
/// Each fault's label at the top of a time chart, staggered over four lines so neighbours do not overwrite each
/// other, and the actions inside it (a kill in churn) as ticks at the bottom. Placed in pixels, so they sit in the
/// same place whatever the y axis (log, percent, peers).
/// </summary>
public sealed class FaultMarks(IReadOnlyList<FaultInterval> faults, RunWindow window) : IPlottable
{
    private const int Lines = 4;
    private static readonly Color Ink = Color.FromHex("#7f2704");

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems => LegendItem.None;

    public AxisLimits GetAxisLimits() => AxisLimits.NoLimits;

    public void Render(RenderPack rp)
    {
        var area = rp.DataRect;
        var label = new LabelStyle
        {
            FontName = PlotFont.Name,
            FontSize = 11,
            ForeColor = Ink,
            BackgroundColor = Colors.White.WithAlpha(0.75),
            Alignment = Alignment.UpperLeft,
            Padding = 1,
        };
        var lineHeight = label.FontSize + 4;
        for (var i = 0; i < faults.Count; i++)
        {
            var fault = faults[i];
            var x = Axes.GetPixelX(window.OffsetSeconds(fault.StartUs));
            label.Render(rp.Canvas, new Pixel(x + 2, area.Top + 2 + (lineHeight * (i % Lines))), rp.Paint, fault.Label);
            foreach (var action in fault.Actions)
            {
                var at = Axes.GetPixelX(window.OffsetSeconds(action.TimeUs));
                Drawing.DrawLine(rp.Canvas, rp.Paint, new Pixel(at, area.Bottom), new Pixel(at, area.Bottom - (area.Height * 0.04f)), Ink, width: 1.5f);
            }
        }
    }
}
