using CMesh.Report.Analysis;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>Bytes each resync episode received against the updates it lacked, one colour per sync mode (delta vs full state).</summary>
public sealed class ResyncBytesPlot : IPlot
{
    private static readonly Color[] ModeColours = [.. new[] { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728" }.Select(Color.FromHex)];

    public string Name => "resync-bytes";

    public string Title => "Link catch-up bytes: delta vs full state";

    public string Caption => "Bytes received during each link catch-up episode (a reopened link until this peer held what the other end held) against the updates the peer lacked, per sync mode; where both modes ran, the gap between the two is what delta sync saves.";

    public bool HasData(RunFigures figures) => figures.Reconnects.Episodes.Count > 0;

    public void Draw(Plot plot, RunFigures figures)
    {
        var episodes = figures.Reconnects.Episodes.Select(e => (Mode: e.Row.Mode.Length > 0 ? e.Row.Mode : "unknown", Lacked: Math.Max(e.Row.MissingUpdates, 1), Bytes: Math.Max(e.Row.BytesIn, 1))).ToList();
        var modes = episodes.Select(e => e.Mode).Distinct().Order().ToList();
        for (var i = 0; i < modes.Count; i++)
        {
            var mode = episodes.Where(e => e.Mode == modes[i]).ToList();
            var points = plot.Add.Markers(mode.Select(e => LogScale.Of(e.Lacked)).ToArray(), mode.Select(e => LogScale.Of(e.Bytes)).ToArray(), MarkerShape.FilledCircle, 7, ModeColours[i % ModeColours.Length]);
            points.LegendText = modes[i];
        }

        LogScale.Apply(plot, plot.Axes.Bottom, episodes.Select(e => (double)e.Lacked));
        LogScale.Apply(plot, plot.Axes.Left, episodes.Select(e => (double)e.Bytes));
        plot.Axes.Bottom.Label.Text = "updates lacked (log scale)";
        plot.Axes.Left.Label.Text = "bytes received (log scale)";
        plot.ShowLegend(Alignment.UpperLeft);
    }
}
