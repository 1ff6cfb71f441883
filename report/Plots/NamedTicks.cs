using ScottPlot;
using ScottPlot.TickGenerators;

namespace CMesh.Report.Plots;

/// <summary>An axis of categories (peers, faults, links): each name as the tick at its index, turned upright on an x axis when given.</summary>
public static class NamedTicks
{
    /// <summary>Room for the axis title's line spacing and padding below upright names, which ScottPlot does not measure.</summary>
    private const float TitleGap = 16;

    public static void Apply(IAxis axis, IReadOnlyList<string> names, float fontSize, bool upright = false)
    {
        axis.TickGenerator = new NumericManual([.. names.Select((_, i) => (double)i)], [.. names]);
        axis.TickLabelStyle.FontSize = fontSize;
        if (!upright)
        {
            return;
        }

        axis.TickLabelStyle.Rotation = -90;
        axis.TickLabelStyle.Alignment = Alignment.MiddleRight;
        using var paint = Paint.NewDisposablePaint();
        var longest = names.Select(name => axis.TickLabelStyle.Measure(name, paint).Width).DefaultIfEmpty(0).Max();
        axis.MinimumSize = longest + axis.MajorTickStyle.Length + axis.Label.FontSize + TitleGap;
    }
}
