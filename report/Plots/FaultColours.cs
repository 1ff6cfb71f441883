using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>One colour per fault, in the order of the run's faults, the same on its shading, its lane bar and its outline.</summary>
public static class FaultColours
{
    private static readonly (Color Fill, Color Edge)[] Palette =
    [
        .. new[] { ("#fdd0a2", "#e6550d"), ("#c6dbef", "#3182bd"), ("#c7e9c0", "#31a354"), ("#dadaeb", "#756bb1"), ("#fee391", "#b8860b") }
            .Select(c => (Color.FromHex(c.Item1), Color.FromHex(c.Item2))),
    ];

    /// <summary>The light colour a fault is shaded and its bar filled with.</summary>
    public static Color Fill(int fault) => Palette[fault % Palette.Length].Fill;

    /// <summary>The strong colour of its edges, its bar's border and its outline over a heatmap.</summary>
    public static Color Edge(int fault) => Palette[fault % Palette.Length].Edge;
}
