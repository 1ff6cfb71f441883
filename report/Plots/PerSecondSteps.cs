using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>A value per second of the window drawn as steps: second s's value holds from s to s + 1.</summary>
public static class PerSecondSteps
{
    public static void Add(Plot plot, IReadOnlyList<int> seconds, IReadOnlyList<double> values, Color colour, float width, string legend)
    {
        if (seconds.Count == 0)
        {
            return;
        }

        var line = plot.Add.ScatterLine(seconds.Select(s => (double)s).Append(seconds[^1] + 1).ToArray(), values.Append(values[^1]).ToArray(), colour);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = width;
        line.LegendText = legend;
    }
}
