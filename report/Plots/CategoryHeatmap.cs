using ScottPlot;
using ScottPlot.Plottables;

namespace CMesh.Report.Plots;

/// <summary>
/// A heatmap whose row r is centred on y = r (row 0 at the bottom) and whose column c spans
/// [left + c × width, left + (c + 1) × width], in a palette interpolated between the given colours, with its colour bar
/// on the right; NaN cells stay white.
/// </summary>
public static class CategoryHeatmap
{
    /// <param name="range">The colour scale's fixed range, or null for the values' own.</param>
    public static void Add(Plot plot, double[,] cells, double left, double width, string[] palette, ScottPlot.Range? range, string scale)
    {
        var padded = AtLeastTwoByTwo(cells);
        var heatmap = plot.Add.Heatmap(padded);
        heatmap.Colormap = new ScottPlot.Colormaps.CustomInterpolated([.. palette.Select(Color.FromHex)]);
        heatmap.FlipVertically = true;
        heatmap.NaNCellColor = Colors.White;
        heatmap.Rectangle = new CoordinateRect(left, left + (padded.GetLength(1) * width), -0.5, padded.GetLength(0) - 0.5);
        heatmap.ManualRange = range ?? Spread(cells);

        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = scale;
        bar.LabelStyle.FontSize = 13;
    }

    /// <summary>From the smallest value to the largest; from 0 when they are all the same (which would give a scale of no width). The values are never negative.</summary>
    private static ScottPlot.Range Spread(double[,] cells)
    {
        var values = cells.Cast<double>().Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        var (smallest, largest) = (values.Min(), values.Max());
        return smallest < largest ? new ScottPlot.Range(smallest, largest) : new ScottPlot.Range(0, largest > 0 ? largest : 1);
    }

    /// <summary>ScottPlot places a heatmap by its cells' spacing, which a single row or column does not have: a blank one is added beyond it, outside the axis limits.</summary>
    private static double[,] AtLeastTwoByTwo(double[,] cells)
    {
        var (rows, columns) = (cells.GetLength(0), cells.GetLength(1));
        if (rows >= 2 && columns >= 2)
        {
            return cells;
        }

        var padded = new double[Math.Max(rows, 2), Math.Max(columns, 2)];
        for (var r = 0; r < padded.GetLength(0); r++)
        {
            for (var c = 0; c < padded.GetLength(1); c++)
            {
                padded[r, c] = r < rows && c < columns ? cells[r, c] : double.NaN;
            }
        }

        return padded;
    }
}
