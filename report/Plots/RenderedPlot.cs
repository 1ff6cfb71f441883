namespace CMesh.Report.Plots;

/// <summary>A chart drawn to its two files: the PNG to look at, the SVG the HTML report embeds.</summary>
public sealed record RenderedPlot(IPlot Plot, string PngPath, string SvgPath);
