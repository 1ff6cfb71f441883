using CMesh.Report.Analysis;
using CMesh.Report.Derivation;
using ScottPlot;

namespace CMesh.Report.Plots;

/// <summary>
/// Resync after each heal, per targeted peer, grouped by one key (the fault, or the peer): every peer that caught up
/// as a point, the slowest of them as the group's bar; a peer that never caught up is a cross at the top.
/// </summary>
public sealed class ResyncPlot(string name, string by, Func<PeerResync, string> key, Func<RunFigures, IEnumerable<string>> order) : IPlot
{
    private const int MaxFlatLabels = 12;

    public static ResyncPlot ByFault() => new("resync-by-fault", "fault", r => r.Fault.Id, f => f.Faults.Select(x => x.Id));

    public static ResyncPlot ByPeer() => new("resync-by-peer", "peer", r => r.Peer, f => f.Peers);

    public string Name => name;

    public string Title => $"Resync after heal per {by}";

    public string Caption => $"From the moment each fault began to heal (its revert began) until the peer it targeted held every update written anywhere before it, grouped by {by}; bars: the slowest that caught up; crosses at the top: never caught up before the run ended.";

    public bool HasData(RunFigures figures) => figures.Resync.Targeted.Count > 0;

    public void Draw(Plot plot, RunFigures figures)
    {
        var resyncs = figures.Resync.Targeted;
        var groups = order(figures).Where(group => resyncs.Any(r => key(r) == group)).Distinct().ToList();
        var index = groups.Select((group, i) => (group, i)).ToDictionary(g => g.group, g => g.i);
        var reached = resyncs.Where(r => r.ResyncUs is not null).ToList();
        var never = resyncs.Where(r => r.ResyncUs is null).ToList();
        var top = LogScale.Milliseconds(Math.Max(1, resyncs.Select(r => r.ResyncUs ?? 0).Max()) * 2);
        LogScale.Apply(plot, plot.Axes.Left, [.. reached.Select(r => LogScale.Milliseconds(r.ResyncUs!.Value)), top]);

        var slowest = reached.GroupBy(key).Select(g => (Index: index[g.Key], Ms: LogScale.Milliseconds(g.Max(r => r.ResyncUs!.Value)))).ToList();
        if (slowest.Count > 0)
        {
            var floor = plot.Axes.Left.Range.Min;
            var bars = plot.Add.Bars(slowest.Select(g => new Bar
            {
                Position = g.Index, Value = LogScale.Of(g.Ms), ValueBase = floor, Size = 0.7,
                FillColor = Color.FromHex("#9ecae1").WithAlpha(0.5), LineColor = Color.FromHex("#6b9ec0"), LineWidth = 1,
            }).ToList());
            bars.LegendText = "slowest";
        }

        var random = new Random(7);
        void Points(List<PeerResync> peers, Func<PeerResync, double> ms, MarkerShape shape, float size, string colour, string legend)
        {
            if (peers.Count > 0)
            {
                var points = plot.Add.Markers(
                    peers.Select(r => index[key(r)] + ((random.NextDouble() - 0.5) * 0.5)).ToArray(), peers.Select(r => LogScale.Of(ms(r))).ToArray(), shape, size, Color.FromHex(colour));
                points.MarkerLineWidth = 2;
                points.LegendText = legend;
            }
        }

        Points(reached, r => LogScale.Milliseconds(r.ResyncUs!.Value), MarkerShape.FilledCircle, 6, "#08519c", "peer caught up");
        Points(never, _ => top, MarkerShape.Eks, 10, "#d62728", "never caught up");

        NamedTicks.Apply(plot.Axes.Bottom, groups, fontSize: 10, upright: groups.Count > MaxFlatLabels);
        plot.Axes.SetLimitsX(-0.7, groups.Count - 0.3);
        plot.Axes.Left.Label.Text = "resync after heal (ms, log scale)";
        ChaosShading.SaturationNote(plot, figures);
        plot.ShowLegend(Alignment.UpperRight);
    }
}
