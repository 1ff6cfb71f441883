using ScottPlot;
using ScottPlot.Plottables;

namespace CMesh.Report.Plots;

/// <summary>A line with gaps where a value is missing (NaN), which ScottPlot's scatter would otherwise join across: one line per stretch, one legend entry.</summary>
public static class BrokenLine
{
    public static IReadOnlyList<Scatter> Add(Plot plot, double[] xs, double[] ys, Color colour, float width, string legend)
    {
        var lines = new List<Scatter>();
        var start = 0;
        while (start < ys.Length)
        {
            if (!double.IsFinite(ys[start]))
            {
                start++;
                continue;
            }

            var end = start;
            while (end < ys.Length && double.IsFinite(ys[end]))
            {
                end++;
            }

            var line = plot.Add.ScatterLine(xs[start..end], ys[start..end], colour);
            line.LineWidth = width;
            line.MarkerSize = end - start == 1 ? width * 2 : 0;
            line.LegendText = lines.Count == 0 ? legend : "";
            lines.Add(line);
            start = end;
        }

        return lines;
    }
}
