using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>
/// The seconds the host was saturated, hatched in grey along the bottom strip of a time chart, with a note saying
/// what the hatching means. The hatch is drawn as lines, not a shader, so the SVG shows it as well.
/// </summary>
public sealed class SaturationStrip(IReadOnlyList<int> seconds) : PixelOverlay
{
    private const float StripShare = 0.06f;
    private const float HatchSpacing = 5;
    private static readonly Color Grey = Color.FromHex("#969696");

    public override void Render(RenderPack rp)
    {
        if (seconds.Count == 0)
        {
            return;
        }

        var area = rp.DataRect;
        var top = area.Bottom - (area.Height * StripShare);
        foreach (var (from, to) in Runs())
        {
            var strip = new PixelRect(Axes.GetPixelX(from), Axes.GetPixelX(to), area.Bottom, top);
            Drawing.FillRectangle(rp.Canvas, strip, rp.Paint, new FillStyle { Color = Grey.WithAlpha(0.25) });
            rp.Canvas.Save();
            rp.Canvas.ClipRect(strip.ToSKRect());
            for (var x = strip.Left - strip.Height; x < strip.Right; x += HatchSpacing)
            {
                Drawing.DrawLine(rp.Canvas, rp.Paint, new Pixel(x, area.Bottom), new Pixel(x + strip.Height, top), Grey, width: 1);
            }

            rp.Canvas.Restore();
        }

        Note(Color.FromHex("#555555"), Alignment.LowerRight).Render(rp.Canvas, new Pixel(area.Right - 4, top - 2), rp.Paint, $"grey hatch: host saturated ({seconds.Count} s)");
    }

    /// <summary>Consecutive saturated seconds as one interval each, [first, last + 1).</summary>
    private IEnumerable<(int From, int To)> Runs()
    {
        for (var i = 0; i < seconds.Count; i++)
        {
            var from = seconds[i];
            var to = from;
            while (i + 1 < seconds.Count && seconds[i + 1] == to + 1)
            {
                to = seconds[++i];
            }

            yield return (from, to + 1);
        }
    }
}
