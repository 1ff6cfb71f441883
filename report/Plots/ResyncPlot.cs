using CMesh.Report.Analysis;

namespace CMesh.Report.Plots;

/// <summary>
/// Resync episodes' durations grouped by one key (the fault they followed, or the peer): every episode as a point,
/// the group's p99 as a bar.
/// </summary>
public sealed class ResyncPlot(string fileName, string by, Func<ResyncEpisode, string> key, Func<RunFigures, IEnumerable<string>> order) : IPlot
{
    public static ResyncPlot ByFault() => new(
        "resync-by-fault.png", "fault", e => e.FaultId ?? ResyncAnalysis.NoFault,
        f => new[] { ResyncAnalysis.NoFault }.Concat(f.Faults.Select(x => x.Id)));

    public static ResyncPlot ByPeer() => new("resync-by-peer.png", "peer", e => e.Peer, f => f.Peers);

    public string FileName => fileName;

    public string Title => $"Resync latency per {by}";

    public string Caption => by == "fault"
        ? "Time until a peer held everything the other end of a reopened link held, per episode, grouped by the fault that started last before it; bars: p99."
        : "Time until a peer held everything the other end of a reopened link held, per episode, grouped by peer; bars: p99.";

    public bool HasData(RunFigures figures) => figures.Resync.Episodes.Count > 0;

    public string Commands(RunFigures figures, PlotData data)
    {
        var groups = order(figures).Where(name => figures.Resync.Episodes.Any(e => key(e) == name)).ToList();
        var index = groups.Select((name, i) => (name, i)).ToDictionary(g => g.name, g => g.i);
        var random = new Random(7);
        var points = data.Write("episodes.dat", figures.Resync.Episodes.Select(e => new object[]
        {
            index[key(e)] + ((random.NextDouble() - 0.5) * 0.5), Math.Max(e.Row.DurationUs, 1) / 1000.0,
        }));
        var bars = data.Write("p99.dat", groups.Select((name, i) => new object[]
        {
            i, Math.Max(P99(figures, by, name), 1) / 1000.0, name,
        }));
        var rotate = groups.Count > 12 ? "rotate by 90 right" : "";
        return $"""
            set logscale y
            set ylabel 'resync latency (ms, log scale)'
            set xrange [-0.7:{groups.Count - 0.3}]
            set xtics {rotate} font ',8'
            set boxwidth 0.7
            set style fill solid 0.3 border
            set key top right opaque
            plot '{bars}' using 1:2:xtic(3) with boxes lc rgb '#9ecae1' title 'p99', \
                 '{points}' using 1:2 with points pt 7 ps 0.6 lc rgb '#08519c' title 'episode'
            """;
    }

    private static long P99(RunFigures figures, string by, string name) =>
        (by == "fault" ? figures.Resync.ByFault : figures.Resync.ByPeer).GetValueOrDefault(name)?.P99 ?? 0;
}
