using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace CMesh.Report.Plots;

/// <summary>
/// A logarithmic axis, which ScottPlot draws as a linear axis of log10 values: the data go in through
/// <see cref="Of"/>, the axis spans whole decades around them with each decade labelled by its value (and 2 and 5
/// within it when the data fit in one), and minor ticks with faint grid lines at 2…9.
/// </summary>
public static class LogScale
{
    public static double Of(double value) => Math.Log10(value);

    /// <summary>A duration in ms for a log axis: at least 1 µs, so that a zero (or a clock's negative) has a log.</summary>
    public static double Milliseconds(long microseconds) => Math.Max(microseconds, 1) / 1000.0;

    /// <param name="values">The axis's values before the log (all positive).</param>
    public static void Apply(Plot plot, IAxis axis, IEnumerable<double> values)
    {
        var (low, high) = Decades(values);
        var ticks = new NumericManual();
        for (var decade = low; decade <= high; decade++)
        {
            ticks.AddMajor(decade, Label(decade));
            for (var step = 2; step <= 9; step++)
            {
                var position = decade + Math.Log10(step);
                if (high - low <= 1 && step is 2 or 5)
                {
                    ticks.AddMajor(position, Label(position));
                }
                else if (decade < high)
                {
                    ticks.AddMinor(position);
                }
            }
        }

        axis.TickGenerator = ticks;
        axis.Range.Set(low, high);
        var grid = axis.IsHorizontal() ? plot.Grid.XAxisStyle : plot.Grid.YAxisStyle;
        grid.MinorLineStyle.Width = 1;
        grid.MinorLineStyle.Color = Color.FromHex("#f2f2f2");
    }

    private static (int Low, int High) Decades(IEnumerable<double> values)
    {
        var logs = values.Where(v => v > 0).Select(Of).DefaultIfEmpty(0).ToList();
        var low = (int)Math.Floor(logs.Min());
        var high = (int)Math.Ceiling(logs.Max());
        return (low, Math.Max(high, low + 1));
    }

    private static string Label(double position) => Math.Pow(10, position).ToString("#,0.####", CultureInfo.InvariantCulture);
}
