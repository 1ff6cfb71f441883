using CMesh.Report.Plots;
using ScottPlot;

namespace CMesh.Tests.Report.Plots;

public sealed class LogScaleTests
{
    [Fact]
    public void A_log_axis_spans_whole_decades_around_the_values_and_labels_each_decade_with_its_value()
    {
        var ticks = Ticks([0.5, 3, 30]);

        Assert.Equal(["0.1", "1", "10", "100"], ticks.Where(t => t.IsMajor).Select(t => t.Label));
        var minor = ticks.Where(t => !t.IsMajor).Select(t => Math.Round(Math.Pow(10, t.Position), 9)).ToList();
        Assert.Equal(3 * 8, minor.Count);
        Assert.Equal([2.0, 3, 4, 5, 6, 7, 8, 9], minor.Skip(8).Take(8));
    }

    [Fact]
    public void Values_within_one_decade_also_get_2_and_5_labelled_so_the_axis_has_more_than_two_numbers()
    {
        var ticks = Ticks([1200, 4000]);

        Assert.Equal(["1,000", "2,000", "5,000", "10,000"], ticks.Where(t => t.IsMajor).OrderBy(t => t.Position).Select(t => t.Label));
    }

    [Fact]
    public void A_duration_of_zero_or_less_is_drawn_at_one_microsecond_where_its_log_exists()
    {
        Assert.Equal((0.001, 0.001, 2.5), (LogScale.Milliseconds(0), LogScale.Milliseconds(-40), LogScale.Milliseconds(2500)));
    }

    private static Tick[] Ticks(double[] values)
    {
        using var plot = new Plot();
        LogScale.Apply(plot, plot.Axes.Left, values);
        plot.RenderInMemory(400, 300);
        return plot.Axes.Left.TickGenerator.Ticks;
    }
}
