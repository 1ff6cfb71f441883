using CMesh.Report.Timeline;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>
/// Each fault as a bar in its colour from its start to its end, in a strip of lanes just above a time chart's data
/// (one lane per fault, up to four), so that overlapping faults each keep their own and no data hides behind them;
/// its label inside, running on past a short bar. The actions inside a fault (a kill in churn) are ticks at the
/// bottom of the data.
/// </summary>
public sealed class FaultMarks(IReadOnlyList<FaultInterval> faults, RunWindow window) : PixelOverlay
{
    private const int Lanes = 4;
    private const float LaneHeight = 16;
    private const float TickShare = 0.04f;
    private static readonly Color Ink = Color.FromHex("#4d1a00");

    /// <summary>The height of the strip above the data that the lanes of this many faults take.</summary>
    public static float StripHeight(int faults) => (Math.Min(faults, Lanes) * LaneHeight) + 4;

    public override void Render(RenderPack rp)
    {
        rp.CanvasState.DisableClipping();
        var area = rp.DataRect;
        var stripTop = area.Top - StripHeight(faults.Count);
        for (var i = 0; i < faults.Count; i++)
        {
            var fault = faults[i];
            var top = stripTop + (LaneHeight * (i % Lanes));
            var from = Math.Clamp(Axes.GetPixelX(window.OffsetSeconds(fault.StartUs)), area.Left, area.Right - 2);
            var to = Math.Clamp(Axes.GetPixelX(window.OffsetSeconds(fault.EndUs)), from + 2, area.Right);
            var bar = new PixelRect(from, to, top + LaneHeight - 1, top);
            Drawing.FillRectangle(rp.Canvas, bar, rp.Paint, new FillStyle { Color = FaultColours.Fill(i) });
            var label = Note(Ink, Alignment.UpperLeft);
            label.BackgroundColor = FaultColours.Fill(i);
            var width = label.Measure(fault.Label, rp.Paint).Width;
            label.Render(rp.Canvas, new Pixel(Math.Min(from + 2, area.Right - width - 2), top + 1), rp.Paint, fault.Label);
            Drawing.DrawRectangle(rp.Canvas, bar, rp.Paint, new LineStyle { Width = 1, Color = FaultColours.Edge(i) });
            foreach (var action in fault.Actions)
            {
                var at = Axes.GetPixelX(window.OffsetSeconds(action.TimeUs));
                Drawing.DrawLine(rp.Canvas, rp.Paint, new Pixel(at, area.Bottom), new Pixel(at, area.Bottom - (area.Height * TickShare)), Ink, width: 1.5f);
            }
        }
    }
}
