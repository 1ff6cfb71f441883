using CMesh.Report.Analysis;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>Draws every chart that has data to report/plots/, in process: each as a PNG and as an SVG for the HTML report.</summary>
public static class PlotRenderer
{
    public const int Width = 1000;
    public const int Height = 500;

    public static IReadOnlyList<RenderedPlot> Render(RunFigures figures, string directory, CancellationToken ct)
    {
        PlotFont.Use();
        Directory.CreateDirectory(directory);
        var rendered = new List<RenderedPlot>();
        foreach (var chart in PlotCatalog.All.Where(p => p.HasData(figures)))
        {
            ct.ThrowIfCancellationRequested();
            using var plot = Styled(chart.Title);
            chart.Draw(plot, figures);
            var png = Path.Combine(directory, chart.Name + ".png");
            var svg = Path.Combine(directory, chart.Name + ".svg");
            plot.SavePng(png, Width, Height);
            File.WriteAllText(svg, Svg(plot));
            rendered.Add(new RenderedPlot(chart, png, svg));
        }

        return rendered;
    }

    /// <summary>
    /// The SVG with its bitmaps (a heatmap's cells, a colour bar) drawn pixelated: ScottPlot stores a heatmap as one
    /// pixel per cell and scales it up, which a browser would otherwise smooth, blurring neighbouring cells together.
    /// </summary>
    private static string Svg(Plot plot) => plot.GetSvgXml(Width, Height).Replace("<image ", "<image style=\"image-rendering:pixelated\" ", StringComparison.Ordinal);

    private static Plot Styled(string title)
    {
        var plot = new Plot();
        plot.Title(title, size: 16);
        plot.Axes.Title.Label.Bold = false;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.Bold = false;
            axis.Label.FontSize = 13;
            axis.TickLabelStyle.FontSize = 11;
            axis.FrameLineStyle.Color = Color.FromHex("#606060");
        }

        plot.Grid.MajorLineColor = Color.FromHex("#e0e0e0");
        return plot;
    }
}
