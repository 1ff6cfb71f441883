using CMesh.Common.Contracts;
using CMesh.Peer.Faults;
using CMesh.Peer.Network;

namespace CMesh.Peer.Sync;

/// <summary>
/// How a new update travels on from a peer that holds it for the first time. The replicator stores, records and
/// repairs (anti-entropy); the gossip chooses the links an update, or word of it, goes to.
/// </summary>
public interface IGossip : IDisposable
{
    /// <summary>deliveries.csv's via for an update that arrived pushed.</summary>
    string PushVia { get; }

    /// <summary>Passes on an update held for the first time: written here (no link) or received on a link.</summary>
    /// <param name="frame">The frame it came in (or a push of a local write), its hop to the next peer counted.</param>
    void Forward(UpdateFrame frame, IGossipLink? from);

    /// <summary>An update frame brought an update already held.</summary>
    void OnDuplicate(IGossipLink from, UpdateFrame frame);

    /// <summary>An IHAVE, GRAFT or PRUNE frame.</summary>
    void OnControl(IGossipLink from, Frame frame);

    void OnLinkOpened(IGossipLink link);

    void OnLinkClosed(IGossipLink link);

    /// <summary>The part the link to the peer plays in this gossip; null when the gossip gives links no part (a
    /// flood) or it has no link to the peer.</summary>
    GossipRole? RoleOf(string peerId);

    /// <summary>The gossip a plan asks for.</summary>
    /// <param name="drop">While on, no update is pushed or answered (the drop-updates fault).</param>
    static IGossip For(GossipMode mode, string selfId, ISyncEngine store, LinkTable links, TimeProvider clock, UpdateDrop? drop) => mode switch
    {
        GossipMode.Flood => new FloodGossip(links, drop),
        GossipMode.Lazy => new LazyPushGossip(selfId, store, clock, LazyPushOptions.Default, drop),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "no such gossip"),
    };
}
