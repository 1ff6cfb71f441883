using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Peer.Faults;
using CMesh.Peer.Network;

namespace CMesh.Peer.Sync;

/// <summary>
/// Flooding: a new update goes to every link but the one it came on, and duplicates are dropped. With L links among
/// N peers that is 2L - (N - 1) frames for N - 1 deliveries, and every link carries every update.
/// </summary>
public sealed class FloodGossip(LinkTable links, UpdateDrop? drop) : IGossip
{
    public string PushVia => DeliveryVia.Flood;

    public void Forward(UpdateFrame frame, IGossipLink? from)
    {
        if (drop is { On: true })
        {
            drop.Withheld(links.Open().Count(l => l.RemotePeerId != from?.RemotePeerId));
        }
        else
        {
            links.Broadcast(frame, from?.RemotePeerId);
        }
    }

    public void OnDuplicate(IGossipLink from, UpdateFrame frame)
    {
        // A flood expects duplicates: they are its cost, not a signal.
    }

    public void OnControl(IGossipLink from, Frame frame)
    {
        // Lazy-push control frames mean nothing to a flood.
    }

    public void OnLinkOpened(IGossipLink link)
    {
        // A flood reaches every open link of the table as it is.
    }

    public void OnLinkClosed(IGossipLink link)
    {
        // As above.
    }

    /// <summary>Every link carries every update: none is eager or lazy.</summary>
    public GossipRole? RoleOf(string peerId) => null;

    public void Dispose()
    {
        // Nothing held.
    }
}
