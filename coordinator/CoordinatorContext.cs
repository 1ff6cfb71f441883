using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Coordinator;

/// <summary>What the endpoints share: the run's identity, plan, swarm and the mesh's state.</summary>
public sealed record CoordinatorContext(
    string RunId,
    TestPlan Plan,
    SwarmKey Swarm,
    MeshRegistry Registry,
    MeshPhaseController Phase,
    CoordinatorEventLog Events,
    DateTimeOffset StartedAt);
