using System.Diagnostics;
using CMesh.Common.Contracts;
using CMesh.Peer.Coordination;
using CMesh.Peer.Faults;
using CMesh.Peer.Network;
using CMesh.Peer.Records;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Introspection;

/// <summary>
/// What a peer shows of itself: GET /state, the health it pushes with each heartbeat, and probe writes. It answers
/// from the first second on, before registration, so that a peer that cannot reach the coordinator can say why.
/// Nothing is computed until asked for.
/// </summary>
/// <param name="updateDrop">The drop-updates fault, switched through this view's server and shown in its snapshot.</param>
public sealed class PeerView(
    PeerIdentity self, string runId, string introspectionEndpoint, CoordinatorLink coordinator, PeerTelemetry telemetry, UpdateDrop updateDrop)
{
    private const int NotOpenShown = 16;
    private const int NotOpenReported = 4;

    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly long _startedTicks = Stopwatch.GetTimestamp();
    private volatile IEngineParts? _parts;
    private volatile int _state = (int)PeerState.Starting;

    public string IntrospectionEndpoint => introspectionEndpoint;

    public PeerTelemetry Telemetry => telemetry;

    public UpdateDrop UpdateDrop => updateDrop;

    public PeerState State
    {
        get => (PeerState)_state;
        set => _state = (int)value;
    }

    public double UptimeSeconds => Stopwatch.GetElapsedTime(_startedTicks).TotalSeconds;

    /// <summary>The engine's parts, which exist once the peer has registered and holds its plan.</summary>
    public IEngineParts? Parts => _parts;

    public void Attach(IEngineParts parts) => _parts = parts;

    public PeerSnapshot Snapshot()
    {
        var parts = _parts;
        var versionVector = parts?.VersionVector ?? new Dictionary<string, long>();
        return new PeerSnapshot(
            self.PeerId,
            runId,
            self.SwarmId,
            State,
            _startedAt,
            Math.Round(UptimeSeconds, 3),
            self.DataEndpoint,
            introspectionEndpoint,
            coordinator.Snapshot(),
            parts?.Links(NotOpenShown) ?? [],
            new StoreSnapshot(
                parts?.Written ?? 0,
                parts?.Delivered ?? 0,
                versionVector.Values.Sum(),
                new SortedDictionary<string, long>(versionVector.ToDictionary(), StringComparer.Ordinal),
                parts?.Freshness),
            new QueueSnapshot(parts?.OutboxFrames ?? 0, parts?.ResyncsOpen ?? 0, parts?.Candidates ?? 0),
            updateDrop.On ? [InAppFaults.DropUpdates] : [],
            parts?.Engine ?? "");
    }

    /// <summary>What the coordinator's mesh view needs, small enough to send every heartbeat.</summary>
    public NodeHealth Health()
    {
        var parts = _parts;
        var traffic = telemetry.Traffic;
        return new NodeHealth(
            Math.Round(UptimeSeconds, 3), introspectionEndpoint, parts?.Links(NotOpenReported) ?? [], parts?.Candidates ?? 0,
            traffic.BytesIn, traffic.BytesOut, coordinator.RttMs, parts?.Freshness);
    }

    /// <summary>Null before registration: there is no link to send a probe on yet.</summary>
    public ProbeWritten? WriteProbe() => _parts?.WriteProbe();
}

/// <summary>A registered peer's moving parts with the built-in engine, as its view reads them.</summary>
public sealed record PeerParts(TestPlan Plan, LinkTable LinkTable, Replicator Replicator, LinkManager Manager, SecondSampler Sampler, ProbeTracker Probes, ISyncEngine Store)
    : IEngineParts
{
    public const string BuiltInEngine = "cmesh";

    public string Engine => BuiltInEngine;

    public long Written => Replicator.Written;

    public long Delivered => Replicator.Delivered;

    public IReadOnlyDictionary<string, long> VersionVector => Store.Summary().Entries;

    public WriterFreshness? Freshness => Sampler.Freshness;

    public int Candidates => Manager.Candidates;

    public int OutboxFrames => LinkTable.Open().Sum(l => l.OutboxFrames);

    public int ResyncsOpen => Replicator.ResyncsOpen;

    public IReadOnlyList<LinkSnapshot> Links(int notOpen)
    {
        var interval = TimeSpan.FromMilliseconds(Plan.HeartbeatIntervalMs);
        return LinkTable.Open().OrderBy(l => l.RemotePeerId, StringComparer.Ordinal)
            .Select(l => LinkSnapshots.Of(l, interval, Replicator.Gossip.RoleOf(l.RemotePeerId)))
            .Concat(Manager.NotOpen(notOpen)).ToList();
    }

    public ProbeWritten? WriteProbe() => Replicator.WriteProbe();

    public ProbeSighting? FindProbe(string probeId) => Probes.Find(probeId);
}
