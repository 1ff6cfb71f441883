using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>One chart of the report: the data it needs, and the gnuplot commands that draw it after the common preamble.</summary>
public interface IPlot
{
    /// <summary>The PNG's name in report/png/.</summary>
    string FileName { get; }

    string Title { get; }

    /// <summary>What the chart shows and how to read it, printed under it in the HTML report.</summary>
    string Caption { get; }

    /// <summary>False when the run recorded nothing this chart draws (no resync episode, say): it is left out.</summary>
    bool HasData(RunFigures figures);

    string Commands(RunFigures figures, PlotData data);
}
