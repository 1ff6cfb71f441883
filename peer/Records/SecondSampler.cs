using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Records;

/// <summary>
/// Once a second, records each open link's traffic in that second, round trip and last receipt, and the peer's
/// availability and freshness: for how many of the other writers it holds an update written within the bound.
/// </summary>
public sealed class SecondSampler(string selfId, TestPlan plan, LinkTable links, ISyncEngine store, PeerRecords records)
{
    private readonly Dictionary<PeerLink, LinkCounters> _previous = [];
    private readonly IReadOnlyList<string> _writers =
        Enumerable.Range(1, plan.Peers).Select(i => $"peer-{i}").Where(p => p != selfId).ToList();

    /// <summary>The last second's freshness; null before the first sample.</summary>
    public WriterFreshness? Freshness { get; private set; }

    /// <param name="state">The peer's state now.</param>
    /// <param name="lastLocalWriteMicros">When this peer last wrote (0 before its first write).</param>
    public void Sample(PeerState state, long lastLocalWriteMicros)
    {
        var now = UnixTime.NowMicros();
        foreach (var link in links.Open())
        {
            var counters = link.Statistics.Snapshot();
            var second = counters.Minus(_previous.GetValueOrDefault(link, LinkCounters.Zero));
            _previous[link] = counters;
            records.Bandwidth(now, link.RemotePeerId, second, link.LastRttMicros, link.LastReceivedMicros);
        }

        foreach (var closed in _previous.Keys.Where(l => links.Get(l.RemotePeerId) != l).ToList())
        {
            _previous.Remove(closed);
        }

        var newest = store.NewestWrites();
        var stalenessMs = _writers.Where(newest.ContainsKey).Select(w => (now - newest[w]) / 1000).ToList();
        var fresh = stalenessMs.Count(s => s <= plan.FreshnessBoundMs);
        var worst = stalenessMs.Count == 0 ? -1 : stalenessMs.Max();
        Freshness = new WriterFreshness(_writers.Count, fresh, worst);
        var localWriteOk = state != PeerState.Running || now - lastLocalWriteMicros <= (plan.WriteIntervalMs + 1000) * 1000L;
        records.Availability(now, state.ToString().ToLowerInvariant(), localWriteOk, _writers.Count, fresh, worst);
    }
}
