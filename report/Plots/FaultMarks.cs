using CMesh.Report.Timeline;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>
/// Each fault's label at the top of a time chart, staggered over four lines so neighbours do not overwrite each
/// other, and the actions inside it (a kill in churn) as ticks at the bottom.
/// </summary>
public sealed class FaultMarks(IReadOnlyList<FaultInterval> faults, RunWindow window) : PixelOverlay
{
    private const int Lines = 4;
    private const float TickShare = 0.04f;
    private static readonly Color Ink = Color.FromHex("#7f2704");

    public override void Render(RenderPack rp)
    {
        var area = rp.DataRect;
        var label = Note(Ink, Alignment.UpperLeft);
        var lineHeight = label.FontSize + 4;
        for (var i = 0; i < faults.Count; i++)
        {
            var fault = faults[i];
            var x = Axes.GetPixelX(window.OffsetSeconds(fault.StartUs));
            label.Render(rp.Canvas, new Pixel(x + 2, area.Top + 2 + (lineHeight * (i % Lines))), rp.Paint, fault.Label);
            foreach (var action in fault.Actions)
            {
                var at = Axes.GetPixelX(window.OffsetSeconds(action.TimeUs));
                Drawing.DrawLine(rp.Canvas, rp.Paint, new Pixel(at, area.Bottom), new Pixel(at, area.Bottom - (area.Height * TickShare)), Ink, width: 1.5f);
            }
        }
    }
}
