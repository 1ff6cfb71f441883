using System.Text.Json.Serialization;

namespace CMesh.Common.Contracts;

/// <summary>What every peer does in a run; handed out by the coordinator at registration.</summary>
/// <param name="Peers">Peers expected in the mesh.</param>
/// <param name="WriteIntervalMs">Milliseconds between two local writes of one peer.</param>
/// <param name="PayloadBytes">Bytes of payload in each update.</param>
/// <param name="Degree">Links each peer tries to keep open.</param>
/// <param name="MaxDegree">Links above which a peer refuses inbound dials.</param>
/// <param name="HeartbeatIntervalMs">Milliseconds between heartbeats on peer links, and to the coordinator in a mesh
/// small enough (see <see cref="CoordinatorBeatIntervalMs"/>).</param>
/// <param name="HeartbeatTimeoutMs">Silence after which a link is declared dead.</param>
/// <param name="DurationSeconds">Workload length; null runs until stopped.</param>
/// <param name="Sync">How peers repair each other when a link opens: send only what the other lacks, or everything.</param>
/// <param name="FreshnessBoundMs">A reader is fresh for a writer while it lags that writer by at most this long (live,
/// where the lag is not known: while it holds an update the writer wrote at most the write interval plus this long
/// ago, see <see cref="WriterFreshness"/>).</param>
/// <param name="AntiEntropyIntervalMs">How often peers exchange version vectors to repair any gap (whole seconds).</param>
/// <param name="SettleSeconds">After the workload, how long peers may keep syncing before they stop, at most (the
/// coordinator stops them sooner once every live peer holds every update).</param>
/// <param name="Gossip">How the built-in engine passes a new update on: flooded to every link, or lazy push
/// (pushed along each writer's shortest paths, each peer fed by one or two parents, announced on the other links).</param>
/// <param name="WorkloadSeed">Seeds each peer's write offset within the interval and its payloads, per peer id: runs
/// with the same seed write on the same schedule, so that two builds or two gossips meet the same bursts. Null draws
/// them afresh in every run.</param>
public sealed record TestPlan(
    int Peers,
    int WriteIntervalMs,
    int PayloadBytes,
    int Degree,
    int MaxDegree,
    int HeartbeatIntervalMs,
    int HeartbeatTimeoutMs,
    int? DurationSeconds,
    SyncMode Sync = SyncMode.Delta,
    int FreshnessBoundMs = 5000,
    int AntiEntropyIntervalMs = 5000,
    int SettleSeconds = 30,
    GossipMode Gossip = GossipMode.Flood,
    int? WorkloadSeed = null)
{
    /// <summary>Heartbeats a second the coordinator hears from a mesh that would send more at the link interval (more
    /// than 20 peers at 1 s), until each peer's beats are <see cref="SpreadCoordinatorBeatIntervalMs"/> apart.</summary>
    public const int SpreadCoordinatorBeatsPerSecond = 20;

    /// <summary>The longest interval beats are spread to before the mesh reaches <see cref="MaxCoordinatorBeatsPerSecond"/>.</summary>
    public const int SpreadCoordinatorBeatIntervalMs = 5000;

    /// <summary>Heartbeats a second the coordinator hears at most, from all peers together.</summary>
    public const int MaxCoordinatorBeatsPerSecond = 100;

    /// <summary>
    /// How often each peer heartbeats the coordinator: the link interval up to 20 peers; then spread so that the
    /// coordinator hears <see cref="SpreadCoordinatorBeatsPerSecond"/>, up to one beat per peer every 5 s (100 peers);
    /// past 500 peers, spread further so that it never hears more than <see cref="MaxCoordinatorBeatsPerSecond"/>
    /// (Consul spaces its agents' syncs by cluster size the same way).
    /// </summary>
    /// <remarks>
    /// A beat is an HTTP exchange that wakes an idle peer several times (a timer, the request, the answer): it costs
    /// several link heartbeats, and a 50-peer idle mesh spent 14 % less CPU per peer with beats 5 s apart
    /// (<c>bench/README.md</c>). Little waits on a beat's timing: a peer's first link is reported when it opens, the
    /// workload's start is announced ahead (<c>MeshPhaseController</c>'s lead is two intervals), writers stop at the
    /// plan's time, and failure detection between peers keeps the links' own interval. What does wait: the settle is
    /// confirmed over one interval and peers learn of the stop at their next beat, so a large mesh's run ends a few
    /// seconds later.
    /// </remarks>
    [JsonIgnore]
    public int CoordinatorBeatIntervalMs => Math.Max(
        HeartbeatIntervalMs,
        Math.Max(
            Math.Min(SpreadCoordinatorBeatIntervalMs, BeatIntervalFor(SpreadCoordinatorBeatsPerSecond)),
            BeatIntervalFor(MaxCoordinatorBeatsPerSecond)));

    /// <summary>Silence after which the coordinator counts a peer as gone: the link timeout, stretched as the beats are.</summary>
    [JsonIgnore]
    public int CoordinatorBeatTimeoutMs =>
        (int)Math.Min(int.MaxValue, (long)HeartbeatTimeoutMs * CoordinatorBeatIntervalMs / HeartbeatIntervalMs);

    private int BeatIntervalFor(int beatsPerSecond) => (int)Math.Ceiling(Peers * 1000.0 / beatsPerSecond);

    /// <summary>The longest settle a run may ask for; the driver waits that long for peers to settle, at most.</summary>
    public const int MaxSettleSeconds = 600;

    /// <summary>The shortest write interval: a peer writes at most once a millisecond.</summary>
    public const int MinWriteIntervalMs = 1;

    /// <summary>The longest write interval: a peer writes at least once a minute, so that a large mesh can carry a
    /// modest aggregate rate (500 peers at 20 updates/s write every 25 s each).</summary>
    public const int MaxWriteIntervalMs = 60_000;
}

/// <summary>Anti-entropy on (re)connect: deltas against the other's version vector, or the whole state (the baseline).</summary>
public enum SyncMode
{
    Delta,
    Full,
}

/// <summary>How the built-in engine passes a new update on from a peer that holds it for the first time.</summary>
public enum GossipMode
{
    /// <summary>To every other link: simple and fast, every link carries every update.</summary>
    Flood,

    /// <summary>Plumtree: pushed along the writer's tree of eager links (each peer fed by one or two parents), announced by id on the lazy rest.</summary>
    Lazy,
}
