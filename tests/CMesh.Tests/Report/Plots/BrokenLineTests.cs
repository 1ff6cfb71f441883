using CMesh.Report.Plots;
using ScottPlot;

namespace CMesh.Tests.Report.Plots;

public sealed class BrokenLineTests
{
    [Fact]
    public void A_line_breaks_where_values_are_missing_and_is_named_in_the_legend_once()
    {
        using var plot = new Plot();

        var lines = BrokenLine.Add(plot, [0, 1, 2, 3, 4, 5, 6], [double.NaN, 1, 2, double.NaN, double.NaN, 5, 6], Colors.Red, 2, "worst lag");

        Assert.Equal([[1.0, 2.0], [5.0, 6.0]], lines.Select(l => l.Data.GetScatterPoints().Select(p => p.X).ToArray()));
        Assert.Equal(["worst lag", ""], lines.Select(l => l.LegendText));
    }

    [Fact]
    public void A_lone_value_between_gaps_is_drawn_as_a_dot_since_it_has_no_neighbour_to_join()
    {
        using var plot = new Plot();

        var line = Assert.Single(BrokenLine.Add(plot, [0, 1, 2], [double.NaN, 7, double.NaN], Colors.Red, 2, "worst lag"));

        Assert.True(line.MarkerSize > 0);
    }
}
