using CMesh.Report.Analysis;
using CMesh.Report.Derivation;

namespace CMesh.Report.Plots;

/// <summary>
/// Resync after each heal, per targeted peer, grouped by one key (the fault, or the peer): every peer that caught up
/// as a point, the group's slowest as a bar; a peer that never caught up is a cross at the top.
/// </summary>
public sealed class ResyncPlot(string fileName, string by, Func<PeerResync, string> key, Func<RunFigures, IEnumerable<string>> order) : IPlot
{
    public static ResyncPlot ByFault() => new("resync-by-fault.png", "fault", r => r.Fault.Id, f => f.Faults.Select(x => x.Id));

    public static ResyncPlot ByPeer() => new("resync-by-peer.png", "peer", r => r.Peer, f => f.Peers);

    public string FileName => fileName;

    public string Title => $"Resync after heal per {by}";

    public string Caption => $"From each fault's end until the peer it targeted held every update written anywhere before it, grouped by {by}; bars: the slowest; crosses at the top: never caught up before the run ended.";

    public bool HasData(RunFigures figures) => figures.Resync.Targeted.Count > 0;

    public string Commands(RunFigures figures, PlotData data)
    {
        var resyncs = figures.Resync.Targeted;
        var groups = order(figures).Where(name => resyncs.Any(r => key(r) == name)).Distinct().ToList();
        var index = groups.Select((name, i) => (name, i)).ToDictionary(g => g.name, g => g.i);
        var top = Math.Max(1, resyncs.Select(r => r.ResyncUs ?? 0).DefaultIfEmpty(0).Max()) * 2 / 1000.0;
        var random = new Random(7);
        double Jitter(PeerResync r) => index[key(r)] + ((random.NextDouble() - 0.5) * 0.5);
        var points = data.Write("reached.dat", resyncs.Where(r => r.ResyncUs is not null).Select(r => new object[] { Jitter(r), Math.Max(r.ResyncUs!.Value, 1) / 1000.0 }));
        var never = data.Write("never.dat", resyncs.Where(r => r.ResyncUs is null).Select(r => new object[] { Jitter(r), top }).DefaultIfEmpty([double.NaN, double.NaN]));
        var bars = data.Write("slowest.dat", groups.Select((name, i) => new object[]
        {
            i, Math.Max(resyncs.Where(r => key(r) == name).Select(r => r.ResyncUs ?? 0).Max(), 1) / 1000.0, name,
        }));
        var rotate = groups.Count > 12 ? "rotate by 90 right" : "";
        return ChaosShading.SaturationNote(figures) + $"""
            set logscale y
            set ylabel 'resync after heal (ms, log scale)'
            set xrange [-0.7:{groups.Count - 0.3}]
            set xtics {rotate} font ',8'
            set boxwidth 0.7
            set style fill solid 0.3 border
            set datafile missing 'NaN'
            set key top right opaque
            plot '{bars}' using 1:2:xtic(3) with boxes lc rgb '#9ecae1' title 'slowest', \
                 '{points}' using 1:2 with points pt 7 ps 0.6 lc rgb '#08519c' title 'peer caught up', \
                 '{never}' using 1:2 with points pt 2 ps 1.2 lc rgb '#d62728' title 'never caught up'
            """;
    }
}
