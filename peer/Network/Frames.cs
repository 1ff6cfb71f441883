using CMesh.Peer.Sync;

namespace CMesh.Peer.Network;

/// <summary>A message on a peer link.</summary>
public abstract record Frame;

/// <summary>First frame both ways: who is speaking, and proof it belongs to the swarm.</summary>
public sealed record HelloFrame(string PeerId, string SwarmId) : Frame;

/// <summary>The answer to a hello that is refused (full, duplicate link, wrong swarm); the link then closes.</summary>
public sealed record RejectFrame(string Reason) : Frame;

/// <summary>An update, and why it was sent: pushed as it spreads, sent to repair a peer's gaps, or asked for by a graft.</summary>
public sealed record UpdateFrame(Update Update, UpdateOrigin Origin = UpdateOrigin.Push) : Frame
{
    public bool Resync => Origin == UpdateOrigin.Resync;
}

/// <summary>Why an update was sent. Only a duplicate push shows a cycle in its writer's eager tree of lazy-push gossip.</summary>
public enum UpdateOrigin : ushort
{
    /// <summary>Flooded, or pushed along its writer's eager tree, as the update spreads.</summary>
    Push = 0,

    /// <summary>Anti-entropy: the other end's version vector showed it lacked the update.</summary>
    Resync = 1,

    /// <summary>The answer to a <see cref="GraftFrame"/>.</summary>
    Graft = 2,

    /// <summary>The answer to a <see cref="FetchFrame"/>.</summary>
    Fetch = 3,
}

/// <summary>
/// Anti-entropy: what the sender holds, sent whole when a link opens, and every few seconds after with only the writers
/// whose watermarks rose above what the receiver knows it holds (<see cref="CMesh.Peer.Sync.SummaryExchange"/>); the
/// receiver answers with what the sender lacks (or, in full mode when the link has just opened, with everything).
/// </summary>
public sealed record SummaryFrame(VersionVector Summary, bool Periodic = false) : Frame;

/// <summary>Lazy-push gossip: updates the sender holds, announced instead of pushed (the receiver grafts what it does not
/// get, and grafts the sender when it offers a shorter path to a writer than the receiver's push path).</summary>
public sealed record IHaveFrame(IReadOnlyList<AnnouncedRange> Ranges) : Frame;

/// <summary>Announced updates, and the links they crossed from their writer to the receiver through the sender
/// (<see cref="NoPath"/> for a copy the sender learnt by anti-entropy, whose path from the writer it does not know).</summary>
public sealed record AnnouncedRange(UpdateRange Range, int Hops)
{
    public const int NoPath = ushort.MaxValue;
}

/// <summary>Lazy-push gossip: send me these updates, and push their writers' updates to me from now on (the link joins their eager trees).</summary>
public sealed record GraftFrame(IReadOnlyList<UpdateRange> Wanted) : Frame;

/// <summary>Lazy-push gossip: send me these updates, and leave the trees as they are (my parent's push is late, not lost).</summary>
public sealed record FetchFrame(IReadOnlyList<UpdateRange> Wanted) : Frame;

/// <summary>Lazy-push gossip: an update of this writer that you pushed reached me already, so announce its updates to me from now on instead.</summary>
public sealed record PruneFrame(string Writer) : Frame;

/// <summary>Peer exchange: peers the sender knows, so the receiver can find neighbours beyond its bootstrap peers.</summary>
public sealed record PeerExchangeFrame(IReadOnlyList<CMesh.Common.Contracts.PeerAddress> Peers) : Frame;

/// <summary>
/// Link heartbeat, sent by both sides each interval. It echoes the send time of the last heartbeat received and how
/// long that one was held here, so the other side takes the round trip without a reply frame of its own.
/// </summary>
/// <param name="SentAtTicks">The sender's monotonic clock when sending.</param>
/// <param name="EchoTicks">The last heartbeat received's <see cref="SentAtTicks"/> (the receiver's clock); 0 before the first.</param>
/// <param name="HeldMicros">How long the echoed heartbeat waited here before this one left.</param>
public sealed record PingFrame(long SentAtTicks, long EchoTicks, long HeldMicros) : Frame;
