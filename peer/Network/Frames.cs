using CMesh.Peer.Sync;

namespace CMesh.Peer.Network;

/// <summary>A message on a peer link.</summary>
public abstract record Frame;

/// <summary>First frame both ways: who is speaking, and proof it belongs to the swarm.</summary>
public sealed record HelloFrame(string PeerId, string SwarmId) : Frame;

/// <summary>The answer to a hello that is refused (full, duplicate link, wrong swarm); the link then closes.</summary>
public sealed record RejectFrame(string Reason) : Frame;

/// <summary>An update: flooded as it is written (<paramref name="Resync"/> false), or sent to repair a peer's gaps.</summary>
public sealed record UpdateFrame(Update Update, bool Resync = false) : Frame;

/// <summary>
/// Anti-entropy: what the sender holds, sent when a link opens and every few seconds after; the receiver answers
/// with what the sender lacks (or, in full mode when the link has just opened, with everything).
/// </summary>
public sealed record SummaryFrame(VersionVector Summary, bool Periodic = false) : Frame;

/// <summary>Peer exchange: peers the sender knows, so the receiver can find neighbours beyond its bootstrap peers.</summary>
public sealed record PeerExchangeFrame(IReadOnlyList<CMesh.Common.Contracts.PeerAddress> Peers) : Frame;

/// <summary>Link heartbeat; the pong echoes the ping's send time so the sender can take the round trip.</summary>
public sealed record PingFrame(long SentAtTicks) : Frame;

public sealed record PongFrame(long SentAtTicks) : Frame;
