using System.Text.Json.Serialization;

namespace CMesh.Common.Contracts;

/// <summary>GET /state of a peer: a point-in-time snapshot, built when asked for.</summary>
/// <param name="IntrospectionEndpoint">ip:port of this server on the control network.</param>
/// <param name="Faults">In-app faults in force (drop-updates), which cmesh chaos switches through this server.</param>
/// <param name="Engine">The sync engine the peer runs (cmesh, the built-in one, or an adapter's); empty before registration.</param>
public sealed record PeerSnapshot(
    string PeerId,
    string RunId,
    string SwarmId,
    PeerState State,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    string DataEndpoint,
    string IntrospectionEndpoint,
    CoordinatorLinkSnapshot Coordinator,
    IReadOnlyList<LinkSnapshot> Links,
    StoreSnapshot Store,
    QueueSnapshot Queues,
    IReadOnlyList<string> Faults,
    string Engine = "");

/// <param name="State">responding (the last heartbeat was answered), open (connected, but the last request got no
/// answer in time), failed (no connection), connecting (nothing tried yet).</param>
/// <param name="LastSuccessAgeMs">Since the coordinator last answered; null when it never has.</param>
/// <param name="HeartbeatRttMs">Round trip of the last answered heartbeat.</param>
/// <param name="Failure">Why the last attempt failed, when it did.</param>
public sealed record CoordinatorLinkSnapshot(
    CoordinatorLinkState State,
    string Url,
    long? LastSuccessAgeMs,
    double? HeartbeatRttMs,
    FailureKind? Failure,
    string? Error,
    int ConsecutiveFailures);

public enum CoordinatorLinkState
{
    Connecting,
    Responding,
    Open,
    Failed,
}

/// <summary>How a connection attempt or a request failed, as the failure modes a diagnosis names.</summary>
public enum FailureKind
{
    /// <summary>The name did not resolve.</summary>
    Dns,

    /// <summary>Nothing listens: the TCP connection was refused.</summary>
    Refused,

    /// <summary>No route: the network or host is unreachable.</summary>
    Unreachable,

    /// <summary>No answer in time: dropped packets, a paused or overloaded remote.</summary>
    Timeout,

    /// <summary>The remote answered with an error (HTTP 5xx, a refused hello).</summary>
    Rejected,

    /// <summary>An established connection was closed or reset.</summary>
    Closed,

    Other,
}

/// <summary>One peer link, whatever its state: open links carry traffic figures, failed ones their reason and retry.</summary>
/// <param name="Direction">out: we dialed; in: they dialed.</param>
/// <param name="Reason">Why it failed or closed.</param>
/// <param name="Heartbeat">ok: a heartbeat round trip taken within two heartbeat intervals; late: none for longer; pending: none yet.</param>
/// <param name="LastDataAgeMs">Since anything arrived on the link.</param>
/// <param name="LastUpdateAgeMs">Since an update (application data, not heartbeats or summaries) arrived, or with
/// lazy-push gossip an announcement of updates (IHAVE), which is all a lazy link carries.</param>
/// <param name="StateAgeMs">Since the link entered its state: opened, last failed, closed.</param>
/// <param name="OutboxFrames">Frames queued to send.</param>
/// <param name="Failures">Failed dials in a row.</param>
/// <param name="Gossip">With lazy-push gossip, whether this end pushes on the open link the new updates of at least one
/// writer it has heard of (eager) or only announces them (lazy); null, and left out of the JSON, with flooding, with another engine, or on a link that is not open.</param>
public sealed record LinkSnapshot(
    string Remote,
    LinkState State,
    string? Direction = null,
    string? Reason = null,
    FailureKind? Failure = null,
    double? RttMs = null,
    HeartbeatStatus? Heartbeat = null,
    long? LastHeartbeatAgeMs = null,
    long? LastDataAgeMs = null,
    long? LastUpdateAgeMs = null,
    long? StateAgeMs = null,
    long BytesIn = 0,
    long BytesOut = 0,
    long MessagesIn = 0,
    long MessagesOut = 0,
    long UpdatesIn = 0,
    int OutboxFrames = 0,
    int Failures = 0,
    long? RetryInMs = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GossipRole? Gossip = null);

public enum LinkState
{
    Open,
    Connecting,
    Failed,
    Closed,
}

public enum HeartbeatStatus
{
    Ok,
    Pending,
    Late,
}

/// <summary>A link's part in lazy-push gossip (Plumtree) at one end, which keeps a tree per writer.</summary>
public enum GossipRole
{
    /// <summary>New updates of at least one writer are pushed whole on it: it belongs to that writer's tree.</summary>
    Eager,

    /// <summary>New updates of every writer are only announced on it (IHAVE), and grafted when no push brings them in time.</summary>
    Lazy,
}

/// <param name="VersionVector">Per writer, the sequence up to which every update is held.</param>
public sealed record StoreSnapshot(long Written, long Delivered, long Updates, IReadOnlyDictionary<string, long> VersionVector, WriterFreshness? Freshness);

/// <param name="OutboxFrames">Frames queued on all links.</param>
/// <param name="ResyncsOpen">Resync episodes waiting for missing updates.</param>
/// <param name="Candidates">Peers known and not linked.</param>
public sealed record QueueSnapshot(int OutboxFrames, int ResyncsOpen, int Candidates);

/// <summary>GET /state of the coordinator.</summary>
public sealed record CoordinatorSnapshot(
    string RunId,
    string SwarmId,
    MeshPhase Phase,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    int ExpectedPeers,
    int RegisteredPeers,
    long HeartbeatsReceived,
    long RegistrationsRefused,
    IReadOnlyDictionary<NodeFreshness, int> PeersByFreshness);
