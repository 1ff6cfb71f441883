using CMesh.Common;
using CMesh.Peer.Network;
using CMesh.Peer.Records;

namespace CMesh.Peer.Sync;

/// <summary>
/// Spreads updates hop by hop: a local write goes to every link; an update seen for the first time is recorded
/// and passed on to every link but the one it came from; one seen before is dropped.
/// </summary>
public sealed class UpdateFlood(string selfId, LinkTable links, PeerRecords records) : IUpdateHandler
{
    private readonly SequenceTracker _seen = new();
    private long _written;
    private long _delivered;

    public long Written => Interlocked.Read(ref _written);

    public long Delivered => Interlocked.Read(ref _delivered);

    public Update WriteLocal(byte[] payload)
    {
        var update = new Update(selfId, Interlocked.Increment(ref _written), UnixTime.NowMicros(), 1, payload);
        records.Write(update);
        links.Broadcast(new UpdateFrame(update));
        return update;
    }

    public void OnUpdate(PeerLink from, Update update, long receivedAtMicros)
    {
        if (update.Writer == selfId || !_seen.TryAdd(update.Writer, update.Sequence))
        {
            return;
        }

        Interlocked.Increment(ref _delivered);
        records.Delivery(update, receivedAtMicros, from.RemotePeerId);
        links.Broadcast(new UpdateFrame(update with { Hops = update.Hops + 1 }), from.RemotePeerId);
    }
}
