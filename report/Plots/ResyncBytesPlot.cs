using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>Bytes each resync episode received against the updates it lacked, one colour per sync mode (delta vs full state).</summary>
public sealed class ResyncBytesPlot : IPlot
{
    public string FileName => "resync-bytes.png";

    public string Title => "Link catch-up bytes: delta vs full state";

    public string Caption => "Bytes received during each link catch-up episode (a reopened link until this peer held what the other end held) against the updates the peer lacked, per sync mode; where both modes ran, the gap between the two is what delta sync saves.";

    public bool HasData(RunFigures figures) => figures.Reconnects.Episodes.Count > 0;

    public string Commands(RunFigures figures, PlotData data)
    {
        var modes = figures.Reconnects.Episodes.Select(e => e.Row.Mode.Length > 0 ? e.Row.Mode : "unknown").Distinct().Order().ToList();
        var plots = modes.Select((mode, i) =>
        {
            var file = data.Write($"mode{i}.dat", figures.Reconnects.Episodes.Where(e => (e.Row.Mode.Length > 0 ? e.Row.Mode : "unknown") == mode)
                .Select(e => new object[] { Math.Max(e.Row.MissingUpdates, 1), Math.Max(e.Row.BytesIn, 1) }));
            return $"'{file}' using 1:2 with points pt 7 ps 0.8 title {PlotData.Quote(mode)}";
        });
        return $"""
            set logscale xy
            set xlabel 'updates lacked (log scale)'
            set ylabel 'bytes received (log scale)'
            set key top left opaque
            plot {string.Join(", \\\n     ", plots)}
            """;
    }
}
