namespace CMesh.Common.Contracts;

/// <summary>The coordinator's live view of the mesh.</summary>
/// <param name="ReadyAt">When every expected peer had registered and opened a link.</param>
public sealed record MeshStatus(
    string RunId,
    MeshPhase Phase,
    int ExpectedPeers,
    DateTimeOffset CoordinatorStartedAt,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? StartAt,
    DateTimeOffset? StopAt,
    IReadOnlyList<PeerStatus> Peers);

/// <param name="HeartbeatAgeMs">Milliseconds since the last heartbeat, when the status was taken.</param>
/// <param name="Freshness">That age against the run's heartbeat interval to the coordinator, which grows with the mesh.</param>
public sealed record PeerStatus(
    string PeerId,
    PeerState State,
    string Endpoint,
    IReadOnlyList<string> Links,
    long Written,
    long Delivered,
    DateTimeOffset RegisteredAt,
    DateTimeOffset LastHeartbeat,
    long HeartbeatAgeMs,
    NodeFreshness Freshness = NodeFreshness.Fresh);
