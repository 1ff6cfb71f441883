namespace CMesh.Common.Contracts;

/// <summary>What a peer tells the coordinator every heartbeat interval.</summary>
/// <param name="Links">Ids of the peers it has an open link with.</param>
/// <param name="Written">Updates it has written so far.</param>
/// <param name="Delivered">Updates from other writers it has received so far (first deliveries).</param>
public sealed record HeartbeatRequest(PeerState State, IReadOnlyList<string> Links, long Written, long Delivered);

/// <summary>The coordinator's answer: the phase, and when the workload starts and stops.</summary>
public sealed record HeartbeatResponse(MeshPhase Phase, DateTimeOffset? StartAt, DateTimeOffset? StopAt);
