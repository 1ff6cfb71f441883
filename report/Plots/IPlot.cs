using CMesh.Report.Analysis;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>One chart of the report: the data it needs, and how it draws them on a plot already titled and styled.</summary>
public interface IPlot
{
    /// <summary>The chart's file name without extension, in report/plots/ as .png and .svg.</summary>
    string Name { get; }

    string Title { get; }

    /// <summary>What the chart shows and how to read it, printed under it in the HTML report.</summary>
    string Caption { get; }

    /// <summary>False when the run recorded nothing this chart draws (no resync episode, say): it is left out.</summary>
    bool HasData(RunFigures figures);

    void Draw(Plot plot, RunFigures figures);
}
