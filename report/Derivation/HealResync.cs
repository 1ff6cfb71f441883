using CMesh.Report.Statistics;
using CMesh.Report.Timeline;

namespace CMesh.Report.Derivation;

/// <summary>
/// Resync after a heal, derived from writes and deliveries: for every fault that ended (healed, unpaused, restarted,
/// reverted) and every peer, the time from the moment the fault began to heal (its revert began: a revert across
/// many members takes a while, during which some of them are healed already, and that time is inside the figure)
/// until that peer held every measured update written anywhere before it (counting only updates some peer could
/// still give it: seen by a reader, or whose writer was up after the heal). Not reached when the run ended first: counted, never dropped. The figure reported for a fault
/// is that of the peers it targeted; the mesh's convergence time after it is that of every peer up after it.
/// </summary>
public sealed class HealResync(IReadOnlyList<FaultInterval> faults, Uptime uptime)
{
    private readonly List<FaultInterval> _heals = faults.Where(f => f.Healed).ToList();
    private readonly List<Candidate> _candidates = [];
    private readonly Dictionary<string, long[]> _latest = new(StringComparer.Ordinal);

    public void Read(ReaderSeen seen)
    {
        if (_heals.Count == 0)
        {
            return;
        }

        var prefixes = seen.Writers.Select(w => (w.Log, w.SeenAt, Latest: LatestSeenPrefix(w.Log.Writer, w.SeenAt))).ToList();
        foreach (var heal in _heals)
        {
            if (!uptime.RunningAfter(seen.Reader, heal.HealUs))
            {
                continue;
            }

            var caughtUp = heal.HealUs;
            var pending = new List<(string Writer, int Index)>();
            foreach (var (log, seenAt, latest) in prefixes)
            {
                var before = log.CountWrittenBefore(heal.HealUs);
                if (before == 0)
                {
                    continue;
                }

                caughtUp = Math.Max(caughtUp, latest[before - 1]);
                for (var i = 0; i < before; i++)
                {
                    if (seenAt[i] == ReaderSeen.Never)
                    {
                        pending.Add((log.Writer, i));
                    }
                }
            }

            _candidates.Add(new Candidate(heal, seen.Reader, caughtUp, pending));
        }
    }

    /// <param name="seenByAnyReader">For each writer, which measured updates any reader received.</param>
    public HealResyncFigures Finish(IReadOnlyDictionary<string, bool[]> seenByAnyReader)
    {
        var outcomes = _candidates.Select(c =>
        {
            var reached = c.Pending.All(p => !(seenByAnyReader.TryGetValue(p.Writer, out var seen) && seen[p.Index]) && !uptime.RunningAfter(p.Writer, c.Heal.HealUs));
            return new PeerResync(c.Heal, c.Peer, c.Heal.TargetNames.Contains(c.Peer), reached ? c.CaughtUpUs - c.Heal.HealUs : null);
        }).ToList();
        var convergence = _heals.Select(heal =>
        {
            var peers = outcomes.Where(o => o.Fault == heal).ToList();
            return new MeshConvergence(heal, peers.Count, peers.Any(p => p.ResyncUs is null) ? null : peers.Select(p => p.ResyncUs!.Value).DefaultIfEmpty(0).Max());
        }).ToList();
        return new HealResyncFigures(outcomes, convergence);
    }

    /// <summary>For each index, the latest first-seen time among the updates up to it that were seen (one buffer per writer, reused).</summary>
    private long[] LatestSeenPrefix(string writer, long[] seenAt)
    {
        if (!_latest.TryGetValue(writer, out var latest))
        {
            _latest[writer] = latest = new long[seenAt.Length];
        }

        var max = long.MinValue;
        for (var i = 0; i < seenAt.Length; i++)
        {
            if (seenAt[i] != ReaderSeen.Never)
            {
                max = Math.Max(max, seenAt[i]);
            }

            latest[i] = max;
        }

        return latest;
    }

    private sealed record Candidate(FaultInterval Heal, string Peer, long CaughtUpUs, IReadOnlyList<(string Writer, int Index)> Pending);
}

/// <param name="PeerResyncs">Every peer up after every heal; <see cref="PeerResync.Targeted"/> marks the fault's own targets.</param>
public sealed record HealResyncFigures(IReadOnlyList<PeerResync> PeerResyncs, IReadOnlyList<MeshConvergence> Convergence)
{
    /// <summary>The resync figures proper: each healed fault's targeted peers.</summary>
    public IReadOnlyList<PeerResync> Targeted { get; } = PeerResyncs.Where(p => p.Targeted).ToList();

    public long NotReached => Targeted.Count(p => p.ResyncUs is null);

    /// <summary>The targeted peers that caught up (count, mean, quantiles, max).</summary>
    public Distribution Reached => Histogram().Summarize();

    /// <summary>A quantile with the peers that never caught up counted as infinite; null when it falls among them.</summary>
    public long? Effective(double q) => Histogram().EffectiveQuantile(q, NotReached);

    public Distribution ByFault(string faultId) => Histogram(p => p.Fault.Id == faultId).Summarize();

    public Distribution ByPeer(string peer) => Histogram(p => p.Peer == peer).Summarize();

    private LatencyHistogram Histogram(Func<PeerResync, bool>? where = null)
    {
        var histogram = new LatencyHistogram();
        foreach (var resync in Targeted.Where(where ?? (_ => true)))
        {
            if (resync.ResyncUs is { } us)
            {
                histogram.Add(us);
            }
        }

        return histogram;
    }
}

/// <param name="ResyncUs">From the moment the fault began to heal until the peer held everything written before it; null: not reached before the run ended.</param>
public sealed record PeerResync(FaultInterval Fault, string Peer, bool Targeted, long? ResyncUs);

/// <param name="Peers">Peers up after the heal.</param>
/// <param name="ConvergenceUs">Until every one of them held everything written before the heal; null: not reached.</param>
public sealed record MeshConvergence(FaultInterval Fault, int Peers, long? ConvergenceUs);
