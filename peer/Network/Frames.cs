using CMesh.Peer.Sync;

namespace CMesh.Peer.Network;

/// <summary>A message on a peer link.</summary>
public abstract record Frame;

/// <summary>First frame both ways: who is speaking, and proof it belongs to the swarm.</summary>
public sealed record HelloFrame(string PeerId, string SwarmId) : Frame;

/// <summary>The answer to a hello that is refused (full, duplicate link, wrong swarm); the link then closes.</summary>
public sealed record RejectFrame(string Reason) : Frame;

public sealed record UpdateFrame(Update Update) : Frame;

/// <summary>Link heartbeat; the pong echoes the ping's send time so the sender can take the round trip.</summary>
public sealed record PingFrame(long SentAtTicks) : Frame;

public sealed record PongFrame(long SentAtTicks) : Frame;
