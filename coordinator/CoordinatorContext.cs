using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Coordinator.Chaos;
using CMesh.Coordinator.Clocks;

namespace CMesh.Coordinator;

/// <summary>What the endpoints share: the run's identity, plan, swarm and the mesh's state.</summary>
/// <param name="Chaos">The run's chaos.csv, for the faults in force.</param>
/// <param name="Peers">Passes requests on to a peer's control server on the control network.</param>
/// <param name="PeerClocks">Measures a peer's clock against the coordinator's on the control network.</param>
public sealed record CoordinatorContext(
    string RunId,
    TestPlan Plan,
    SwarmKey Swarm,
    MeshRegistry Registry,
    MeshPhaseController Phase,
    CoordinatorEventLog Events,
    CoordinatorTelemetry Telemetry,
    TimeProvider Clock,
    DateTimeOffset StartedAt,
    ChaosLogFile Chaos,
    PeerProxy Peers,
    PeerClockProbe PeerClocks)
{
    public MeshView Mesh() =>
        MeshViewBuilder.Build(RunId, Phase.Phase, Plan, Phase.StartAt, Registry.Peers(), Clock.GetUtcNow());

    public CoordinatorSnapshot Snapshot()
    {
        var now = Clock.GetUtcNow();
        var byFreshness = Registry.Peers()
            .GroupBy(p => MeshViewBuilder.Freshness((long)(now - p.LastHeartbeat).TotalMilliseconds, Plan))
            .ToDictionary(g => g.Key, g => g.Count());
        return new CoordinatorSnapshot(
            RunId, Swarm.Id, Phase.Phase, StartedAt, Math.Round((now - StartedAt).TotalSeconds, 3), Plan.Peers, Registry.Count,
            Registry.Heartbeats, Telemetry.RegistrationsRefused,
            Enum.GetValues<NodeFreshness>().ToDictionary(f => f, f => byFreshness.GetValueOrDefault(f)));
    }
}
