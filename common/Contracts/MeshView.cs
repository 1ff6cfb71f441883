using System.Text.Json.Serialization;

namespace CMesh.Common.Contracts;

/// <summary>GET /v1/mesh on the coordinator: every node and link as the peers' last heartbeats described them.</summary>
/// <param name="StartAt">When the workload starts (or started); null while the mesh forms.</param>
/// <param name="WriteIntervalMs">Between two writes of one peer.</param>
/// <param name="FreshnessBoundMs">A peer is fresh for a writer while it lags it by at most this long: live, while it
/// holds an update that writer wrote at most the write interval plus this long ago (<see cref="WriterFreshness"/>).</param>
public sealed record MeshView(
    string RunId,
    MeshPhase Phase,
    DateTimeOffset GeneratedAt,
    DateTimeOffset? StartAt,
    int ExpectedPeers,
    int HeartbeatIntervalMs,
    int HeartbeatTimeoutMs,
    int WriteIntervalMs,
    int FreshnessBoundMs,
    IReadOnlyList<MeshNode> Nodes,
    IReadOnlyList<MeshLink> Links);

/// <param name="Freshness">fresh: heard from within two heartbeat intervals; late: within the heartbeat timeout; silent: not since.</param>
/// <param name="BytesInPerSecond">Over the last two heartbeats, all links.</param>
/// <param name="FailingLinks">Dials that failed and links that closed, most recent first.</param>
public sealed record MeshNode(
    string PeerId,
    PeerState State,
    string DataEndpoint,
    string? IntrospectionEndpoint,
    NodeFreshness Freshness,
    long HeartbeatAgeMs,
    double? UptimeSeconds,
    long Written,
    long Delivered,
    int OpenLinks,
    int Candidates,
    double BytesInPerSecond,
    double BytesOutPerSecond,
    double? CoordinatorRttMs,
    WriterFreshness? Writers,
    IReadOnlyList<LinkSnapshot> FailingLinks);

public enum NodeFreshness
{
    Fresh,
    Late,
    Silent,
}

/// <summary>A link between two peers, merged from what each end reported.</summary>
/// <param name="A">The end with the smaller id.</param>
/// <param name="RttMs">The larger of the two ends' last heartbeat round trips.</param>
/// <param name="LastDataAgeMs">The older of the two ends' last receipt of anything.</param>
/// <param name="LastUpdateAgeMs">The older of the two ends' last receipt of an update.</param>
/// <param name="ReportedBy">Which ends report the link open (one end only: it is closing, or half-open).</param>
/// <param name="Gossip">With lazy-push gossip: eager when either end pushes some writer's new updates on it (for a moment after a
/// prune or a graft only one end may), lazy when the ends only announce them; null, and left out of the JSON, when
/// no end reports a part (flooding, another engine).</param>
public sealed record MeshLink(
    string A,
    string B,
    LinkHealth Health,
    double? RttMs,
    long? LastDataAgeMs,
    long? LastUpdateAgeMs,
    IReadOnlyList<string> ReportedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GossipRole? Gossip = null);

public enum LinkHealth
{
    /// <summary>Heartbeats answered and, while the workload runs, updates flowing.</summary>
    Healthy,

    /// <summary>Open, but no heartbeat round trip for longer than two heartbeat intervals.</summary>
    HeartbeatsLate,

    /// <summary>
    /// Heartbeats answered but, while the workload runs, no update for longer than the write interval plus the
    /// freshness bound: each neighbour passes on at least its own writes.
    /// </summary>
    NoData,

    /// <summary>Only one end reports it open.</summary>
    OneSided,
}
