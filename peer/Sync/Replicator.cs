using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Peer.Faults;
using CMesh.Peer.Introspection;
using CMesh.Peer.Network;
using CMesh.Peer.Records;

namespace CMesh.Peer.Sync;

/// <summary>
/// Replicates the store over the peer's links. New updates travel hop by hop: each peer passes an update it sees
/// for the first time on as its gossip says (flooded to every other link, or pushed along a tree and announced to
/// the rest) and drops duplicates. When a link opens, both ends send their version
/// vector and answer the other's with what it lacks (delta) or with everything they hold (full, the baseline), so
/// a peer that was cut off catches up as soon as it is linked again; what it wrote while cut off spreads the same
/// way. Version vectors are exchanged again every few seconds, each naming only what the far end does not know this
/// peer holds already (<see cref="SummaryExchange"/>), which repairs any gap whatever caused it.
/// </summary>
/// <param name="probes">Notes probe updates as they arrive; none in tests that do not follow probes.</param>
/// <param name="gossip">Passes new updates on (and withholds them itself while drop-updates is on).</param>
/// <param name="drop">While on, no update is sent in answer to a summary (the drop-updates fault); none in tests that do not inject it.</param>
public sealed class Replicator(
    string selfId, ISyncEngine store, LinkTable links, PeerRecords records, SyncMode mode, IGossip gossip, ProbeTracker? probes = null, UpdateDrop? drop = null)
    : IReplication
{
    private readonly ResyncTracker _resync = new(records, mode);
    private long _written;
    private long _delivered;

    public IGossip Gossip => gossip;

    public long Written => Interlocked.Read(ref _written);

    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Resync episodes still waiting for updates.</summary>
    public int ResyncsOpen => _resync.Open;

    /// <summary>Writes a probe update, which spreads like any other; null when probes are not followed.</summary>
    public ProbeWritten? WriteProbe()
    {
        if (probes is null)
        {
            return null;
        }

        var payload = ProbeTracker.NewPayload(out var probeId);
        return probes.Wrote(probeId, WriteLocal(payload));
    }

    /// <summary>
    /// Writes one update and records the attempt: acknowledged when the engine took it and this peer reads it back.
    /// </summary>
    /// <param name="dueAtMicros">When the workload's schedule called for it; now when omitted.</param>
    public Update WriteLocal(byte[] payload, long? dueAtMicros = null)
    {
        var monotonic = records.MonotonicMicros;
        var update = store.Write(selfId, payload, UnixTime.NowMicros());
        var readsBack = store.Summary()[selfId] >= update.Sequence;
        Interlocked.Increment(ref _written);
        records.Write(update, dueAtMicros ?? update.WrittenAtMicros, monotonic, readsBack);
        gossip.Forward(new UpdateFrame(update), from: null);
        return update;
    }

    public void OnLinkOpened(PeerLink link)
    {
        gossip.OnLinkOpened(link);
        link.Send(new SummaryFrame(link.Summaries.Opening(store.Summary())));
    }

    public void OnLinkClosed(PeerLink link)
    {
        gossip.OnLinkClosed(link);
    }

    /// <summary>Periodic anti-entropy: offers on every link the writers whose watermarks rose above what the far end knows this peer holds.</summary>
    public void ExchangeSummaries()
    {
        var current = store.Summary();
        foreach (var link in links.Open())
        {
            link.Send(new SummaryFrame(link.Summaries.Periodic(current), Periodic: true));
        }
    }

    public void OnFrame(PeerLink link, Frame frame, long receivedAtMicros)
    {
        switch (frame)
        {
            case SummaryFrame summary:
                Answer(link, summary);
                break;
            case UpdateFrame update:
                Receive(link, update, receivedAtMicros);
                break;
            case IHaveFrame or GraftFrame or FetchFrame or PruneFrame:
                gossip.OnControl(link, frame);
                break;
        }
    }

    private void Answer(PeerLink link, SummaryFrame summary)
    {
        if (!summary.Periodic)
        {
            _resync.Expect(link, store.Summary(), summary.Summary);
        }

        var everything = mode == SyncMode.Full && !summary.Periodic;
        var heard = link.Summaries.Heard(summary.Summary);
        foreach (var update in everything ? store.All() : store.Missing(heard))
        {
            if (drop is { On: true })
            {
                drop.Withheld(1);
            }
            else
            {
                link.Send(new UpdateFrame(update, UpdateOrigin.Resync));
            }
        }
    }

    private void Receive(PeerLink link, UpdateFrame frame, long receivedAtMicros)
    {
        var update = frame.Update;
        if (!store.Apply(update))
        {
            link.Statistics.Duplicate(update.Payload.Length);
            gossip.OnDuplicate(link, frame);
            return;
        }

        link.Statistics.Useful(update.Payload.Length);
        // Our own writes come back only after a restart that lost them; they are restored, not delivered.
        if (update.Writer != selfId)
        {
            Interlocked.Increment(ref _delivered);
            records.Delivery(update, receivedAtMicros, link.RemotePeerId, Via(frame.Origin));
            if (probes is not null && ProbeTracker.IsProbe(update.Payload))
            {
                probes.Received(update, link.RemotePeerId, receivedAtMicros, link.LastRttMicros);
            }
        }

        gossip.Forward(frame with { Update = update with { Hops = update.Hops + 1 } }, link);

        _resync.Progress(store);
    }

    private string Via(UpdateOrigin origin) => origin switch
    {
        UpdateOrigin.Resync => DeliveryVia.Sync,
        UpdateOrigin.Graft => DeliveryVia.Graft,
        UpdateOrigin.Fetch => DeliveryVia.Fetch,
        _ => gossip.PushVia,
    };
}
