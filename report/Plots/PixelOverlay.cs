using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>
/// Marks drawn in pixels over a chart's data area, where they sit whatever its y axis: they neither widen the axes
/// nor appear in the legend. Their notes share one small label style, on a translucent white ground so data under
/// them stays visible and they stay legible.
/// </summary>
public abstract class PixelOverlay : IPlottable
{
    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems => LegendItem.None;

    public AxisLimits GetAxisLimits() => AxisLimits.NoLimits;

    public abstract void Render(RenderPack rp);

    protected static LabelStyle Note(Color ink, Alignment alignment) => new()
    {
        FontName = PlotFont.Name,
        FontSize = 11,
        ForeColor = ink,
        BackgroundColor = Colors.White.WithAlpha(0.75),
        Alignment = alignment,
        Padding = 1,
    };
}
