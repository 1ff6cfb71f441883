using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>Draws every chart that has data to report/png/, each with its own scratch folder of data files.</summary>
public sealed class PlotRenderer(Gnuplot gnuplot)
{
    public const int Width = 1000;
    public const int Height = 500;

    public async Task<IReadOnlyList<RenderedPlot>> RenderAsync(RunFigures figures, string pngDirectory, CancellationToken ct)
    {
        Directory.CreateDirectory(pngDirectory);
        var scratch = Directory.CreateTempSubdirectory("cmesh-report-");
        try
        {
            var rendered = new List<RenderedPlot>();
            foreach (var plot in PlotCatalog.All.Where(p => p.HasData(figures)))
            {
                var data = new PlotData(Directory.CreateDirectory(Path.Combine(scratch.FullName, Path.GetFileNameWithoutExtension(plot.FileName))).FullName);
                var output = Path.Combine(pngDirectory, plot.FileName);
                await gnuplot.RenderAsync(Preamble(plot, output) + plot.Commands(figures, data) + "\n", data.Directory, ct);
                rendered.Add(new RenderedPlot(plot, output));
            }

            return rendered;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private string Preamble(IPlot plot, string output) => $"""
        set terminal {gnuplot.Terminal} size {Width},{Height} font 'sans,10'{(gnuplot.Terminal == "png" ? " truecolor" : "")}
        set output {PlotData.Quote(output)}
        set title {PlotData.Quote(plot.Title)}
        set grid back lc rgb '#e0e0e0'
        set border lc rgb '#606060'

        """;
}

public sealed record RenderedPlot(IPlot Plot, string Path);
