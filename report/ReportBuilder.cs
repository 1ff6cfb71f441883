using CMesh.Report.Analysis;
using CMesh.Report.Assertions;
using CMesh.Report.Output;
using CMesh.Report.Plots;

namespace CMesh.Report;

/// <summary>
/// Writes a run's report to results/&lt;run&gt;/report/: csv/, plots/ (each chart as PNG and SVG), report.html and
/// junit.xml. A previous report there is replaced.
/// </summary>
public static class ReportBuilder
{
    public const string Folder = "report";

    /// <exception cref="DirectoryNotFoundException">The run's folder does not exist.</exception>
    public static async Task<RunReport> BuildAsync(string runDirectory, CancellationToken ct)
    {
        if (!Directory.Exists(runDirectory))
        {
            throw new DirectoryNotFoundException($"no results folder {runDirectory}");
        }

        var output = Path.Combine(runDirectory, Folder);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        var csv = CsvFolder.At(Path.Combine(output, "csv"));
        var figures = RunAnalyzer.Analyze(runDirectory, csv, ct);
        var assertions = AssertionEvaluator.Evaluate(figures);
        SummaryFiles.Write(csv, figures, assertions);
        JUnitReport.Build(figures, assertions).Save(Path.Combine(output, "junit.xml"));

        var plots = PlotRenderer.Render(figures, Path.Combine(output, "plots"), ct);
        var html = Path.Combine(output, "report.html");
        await File.WriteAllTextAsync(html, HtmlReport.Build(figures, assertions, plots), ct);
        return new RunReport(figures, assertions, plots, output, html);
    }
}

public sealed record RunReport(
    RunFigures Figures, IReadOnlyList<AssertionResult> Assertions, IReadOnlyList<RenderedPlot> Plots, string Directory, string HtmlPath)
{
    public bool Passed => Assertions.All(a => a.Passed);
}
