namespace CMesh.Common.Contracts;

/// <summary>What a peer tells the coordinator every heartbeat interval.</summary>
/// <param name="Links">Ids of the peers it has an open link with.</param>
/// <param name="Written">Updates it has written so far.</param>
/// <param name="Delivered">Updates from other writers it has received so far (first deliveries).</param>
/// <param name="Health">What the coordinator's mesh view shows of this peer; absent from peers that do not report it.</param>
/// <param name="Held">Updates its state holds (its own and others', restored ones included); absent from older peers.</param>
public sealed record HeartbeatRequest(PeerState State, IReadOnlyList<string> Links, long Written, long Delivered, NodeHealth? Health = null, long? Held = null);

/// <summary>A peer's health as pushed with each heartbeat, so the coordinator never has to poll the peers.</summary>
/// <param name="IntrospectionEndpoint">ip:port of the peer's GET /state, /events and /metrics on the control network.</param>
/// <param name="Links">Open links, then the most recent failed dials and closes.</param>
/// <param name="BytesIn">All bytes received on all links since the peer started.</param>
/// <param name="CoordinatorRttMs">Round trip of the previous heartbeat.</param>
public sealed record NodeHealth(
    double UptimeSeconds,
    string IntrospectionEndpoint,
    IReadOnlyList<LinkSnapshot> Links,
    int Candidates,
    long BytesIn,
    long BytesOut,
    double? CoordinatorRttMs,
    WriterFreshness? Writers);

/// <summary>The coordinator's answer: the phase, and when the workload starts and stops.</summary>
public sealed record HeartbeatResponse(MeshPhase Phase, DateTimeOffset? StartAt, DateTimeOffset? StopAt);
