using CMesh.Common;
using CMesh.Docker.Engine;

namespace CMesh.Docker.Mesh;

/// <summary>
/// A run as the engine sees it now: its labelled containers and networks and, on a swarm manager, its services (a
/// swarm run's members; only the task containers on this engine's own node are among <see cref="Containers"/>).
/// </summary>
public sealed record RunInventory(
    string RunId, string? ResultsDirectory, IReadOnlyList<ContainerSummary> Containers, IReadOnlyList<NetworkInfo> Networks, IReadOnlyList<ServiceInfo> Services)
{
    /// <summary>Brought up by the swarm runner: its members are services, its networks overlays.</summary>
    public bool OnSwarm => Services.Count > 0;

    public ContainerSummary? Coordinator => Containers.FirstOrDefault(c => c.Labels.GetValueOrDefault(MeshLabels.Role) == MeshLabels.CoordinatorRole);

    public IEnumerable<ContainerSummary> Peers => Containers.Where(c => c.Labels.GetValueOrDefault(MeshLabels.Role) == MeshLabels.PeerRole);
}

/// <summary>Finds runs by their labels.</summary>
public sealed class MeshInventory(IDockerEngine engine)
{
    public async Task<IReadOnlyList<RunInventory>> ListAsync(CancellationToken ct)
    {
        var containers = await engine.Containers.ListAsync(MeshLabels.AnyRun, includeStopped: true, ct);
        var networks = await engine.Networks.ListAsync(MeshLabels.AnyRun, ct);
        var services = await ServicesAsync(ct);
        var runIds = containers.Select(c => c.Labels.GetValueOrDefault(MeshLabels.Run))
            .Concat(networks.Select(n => n.Labels.GetValueOrDefault(MeshLabels.Run)))
            .Concat(services.Select(s => s.Labels.GetValueOrDefault(MeshLabels.Run)))
            .OfType<string>()
            .Distinct()
            .Order(StringComparer.Ordinal);
        return runIds.Select(run =>
        {
            var own = containers.Where(c => c.Labels.GetValueOrDefault(MeshLabels.Run) == run).OrderBy(c => c.Name, NaturalOrder.Instance).ToList();
            var ownServices = services.Where(s => s.Labels.GetValueOrDefault(MeshLabels.Run) == run).OrderBy(s => s.Name, NaturalOrder.Instance).ToList();
            return new RunInventory(
                run,
                own.Select(c => c.Labels).Concat(ownServices.Select(s => s.Labels)).Select(l => l.GetValueOrDefault(MeshLabels.Results)).FirstOrDefault(r => r is not null),
                own,
                networks.Where(n => n.Labels.GetValueOrDefault(MeshLabels.Run) == run).ToList(),
                ownServices);
        }).ToList();
    }

    /// <summary>The CMesh services, on an engine that manages a swarm; none elsewhere (a worker or a lone engine has no services to list).</summary>
    private async Task<IReadOnlyList<ServiceInfo>> ServicesAsync(CancellationToken ct) =>
        await engine.Swarm.MembershipAsync(ct) is { IsActive: true, IsManager: true }
            ? await engine.Swarm.ListServicesAsync(MeshLabels.AnyRun, ct)
            : [];

    /// <summary>The host port of a run's running coordinator (published on 127.0.0.1); null when it is not running.</summary>
    public async Task<int?> CoordinatorPortAsync(RunInventory run, CancellationToken ct) =>
        run.Coordinator is { } summary
        && await engine.Containers.InspectAsync(summary.Id, ct) is { Running: true } coordinator
        && coordinator.PublishedTcpPorts.GetValueOrDefault(ContainerEnvironment.CoordinatorPort) is > 0 and var port
            ? port
            : null;

    public async Task<RunInventory?> FindAsync(string runId, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(r => r.RunId == runId);

    /// <summary>The named run, or the only (else the newest) run when no name is given.</summary>
    public async Task<RunInventory?> ResolveAsync(string? runId, CancellationToken ct)
    {
        var runs = await ListAsync(ct);
        return runId is null ? runs.LastOrDefault() : runs.FirstOrDefault(r => r.RunId == runId);
    }
}
