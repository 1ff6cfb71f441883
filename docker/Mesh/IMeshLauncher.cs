namespace CMesh.Docker.Mesh;

/// <summary>
/// How a mesh is brought up: the local engine's bridge networks and containers (<see cref="MeshLauncher"/>), or a
/// swarm's overlay networks and services (<see cref="Swarm.SwarmLauncher"/>). Finding a run's members and taking it
/// down go by labels either way (<see cref="MeshInventory"/>, <see cref="MeshTeardown"/>), so they need no launcher.
/// </summary>
public interface IMeshLauncher
{
    /// <summary>Starts the networks, the coordinator and the peers; returns once the coordinator answers on 127.0.0.1.</summary>
    Task<RunningMesh> StartAsync(RunRequest request, IProgress<MeshProgress> progress, CancellationToken ct);
}
