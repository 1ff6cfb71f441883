using CMesh.Report.Plots;
using ScottPlot;

namespace CMesh.Tests.Report.Plots;

public sealed class CategoryHeatmapTests : IDisposable
{
    private readonly string _png = Path.Combine(Path.GetTempPath(), $"cmesh-heatmap-{Guid.NewGuid():N}.png");

    [Fact]
    public void A_heatmap_of_one_row_and_one_time_bucket_still_fills_the_chart_with_its_cell()
    {
        using var plot = new Plot();
        CategoryHeatmap.Add(plot, new double[,] { { 5 } }, left: 0, width: 10, ["#ffffff", "#00ff00"], range: null, "value");
        plot.Axes.SetLimits(0, 10, -0.5, 0.5);

        plot.SavePng(_png, 400, 300);

        var cell = PngImage.Read(_png).Pixels.Count(p => p == 0x00ff00);
        Assert.True(cell > 400 * 300 / 3, $"only {cell} pixels have the cell's colour");
    }

    public void Dispose() => File.Delete(_png);
}
