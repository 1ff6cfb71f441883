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
    PeerIdentity self, string runId, string introspectionEndpoint, CoordinatorLink coordinator, ISyncEngine store, PeerTelemetry telemetry, UpdateDrop updateDrop)
{
    private const int NotOpenShown = 16;
    private const int NotOpenReported = 4;

    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly long _startedTicks = Stopwatch.GetTimestamp();
    private volatile PeerParts? _parts;
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

    /// <summary>The parts that exist once the peer has registered and holds its plan.</summary>
    public PeerParts? Parts => _parts;

    public void Attach(PeerParts parts) => _parts = parts;

    public PeerSnapshot Snapshot()
    {
        var parts = _parts;
        var open = parts?.Links.Open().OrderBy(l => l.RemotePeerId, StringComparer.Ordinal).ToList() ?? [];
        var interval = HeartbeatInterval(parts);
        var links = open.Select(l => LinkSnapshots.Of(l, interval)).Concat(parts?.Manager.NotOpen(NotOpenShown) ?? []).ToList();
        var versionVector = store.Summary().Entries;
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
            links,
            new StoreSnapshot(
                parts?.Replicator.Written ?? 0,
                parts?.Replicator.Delivered ?? 0,
                versionVector.Values.Sum(),
                new SortedDictionary<string, long>(versionVector.ToDictionary(), StringComparer.Ordinal),
                parts?.Sampler.Freshness),
            new QueueSnapshot(open.Sum(l => l.OutboxFrames), parts?.Replicator.ResyncsOpen ?? 0, parts?.Manager.Candidates ?? 0),
            updateDrop.On ? [InAppFaults.DropUpdates] : []);
    }

    /// <summary>What the coordinator's mesh view needs, small enough to send every heartbeat.</summary>
    public NodeHealth Health()
    {
        var parts = _parts;
        var interval = HeartbeatInterval(parts);
        var links = (parts?.Links.Open().Select(l => LinkSnapshots.Of(l, interval)) ?? [])
            .Concat(parts?.Manager.NotOpen(NotOpenReported) ?? [])
            .ToList();
        var traffic = telemetry.Traffic;
        return new NodeHealth(
            Math.Round(UptimeSeconds, 3), introspectionEndpoint, links, parts?.Manager.Candidates ?? 0,
            traffic.BytesIn, traffic.BytesOut, coordinator.RttMs, parts?.Sampler.Freshness);
    }

    /// <summary>Null before registration: there is no link to send a probe on yet.</summary>
    public ProbeWritten? WriteProbe() => _parts?.Replicator.WriteProbe();

    private static TimeSpan HeartbeatInterval(PeerParts? parts) => TimeSpan.FromMilliseconds(parts?.Plan.HeartbeatIntervalMs ?? 1000);
}

/// <summary>A registered peer's moving parts, as its view reads them.</summary>
public sealed record PeerParts(TestPlan Plan, LinkTable Links, Replicator Replicator, LinkManager Manager, SecondSampler Sampler, ProbeTracker Probes);
