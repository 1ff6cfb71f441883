using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Records;

/// <summary>
/// Once a second, at this peer's moment within the second: each link's traffic since the previous sample (a link
/// that closed meanwhile gets its last, partial, interval), and the peer's own sample (how late it ran, state, links,
/// updates held, CPU, memory, interface bytes). The live freshness shown by /state and /metrics is computed here too; the report's
/// freshness is derived from writes and deliveries instead.
/// </summary>
public sealed class SecondSampler(string selfId, TestPlan plan, LinkTable links, ISyncEngine store, PeerRecords records, ProcessCounters counters)
{
    private readonly Dictionary<PeerLink, LinkCounters> _previous = [];
    private readonly IReadOnlyList<string> _writers =
        Enumerable.Range(1, plan.Peers).Select(i => $"peer-{i}").Where(p => p != selfId).ToList();

    /// <summary>The last second's live freshness; null before the first sample.</summary>
    public WriterFreshness? Freshness { get; private set; }

    /// <param name="dueMicros">When this sample was due: it stands for the second that ends then.</param>
    /// <param name="nowMicros">When it was taken.</param>
    public void Sample(PeerState state, long dueMicros, long nowMicros)
    {
        var open = links.Open();
        foreach (var link in open)
        {
            RecordTraffic(link, dueMicros, nowMicros, closed: false);
        }

        foreach (var closed in _previous.Keys.Where(l => !open.Contains(l)).ToList())
        {
            RecordTraffic(closed, dueMicros, nowMicros, closed: true);
            _previous.Remove(closed);
        }

        var (cpu, rss) = counters.Process();
        var (rx, tx) = counters.DataInterface();
        records.Sample(new SampleRecord(
            dueMicros, nowMicros, nowMicros - dueMicros, state.ToString().ToLowerInvariant(), open.Count, store.Summary().Entries.Values.Sum(), cpu, rss, rx, tx));

        Freshness = WriterFreshness.Judge(_writers, store.NewestWrites(), nowMicros, plan.WriteIntervalMs, plan.FreshnessBoundMs);
    }

    private void RecordTraffic(PeerLink link, long dueMicros, long nowMicros, bool closed)
    {
        var counters = link.Statistics.Snapshot();
        var second = counters.Minus(_previous.GetValueOrDefault(link, LinkCounters.Zero));
        _previous[link] = counters;
        records.Bandwidth(dueMicros, nowMicros, link.RemotePeerId, second, link.LastRttMicros, link.LastReceivedMicros, closed);
    }
}
