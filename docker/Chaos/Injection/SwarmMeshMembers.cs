using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Reads a swarm run's coordinator and peers: each service's current task (from the manager: the newest of those the
/// swarm wants running, else the newest) names the node and the container, and that node's own engine inspects it,
/// with its addresses on the run's overlay networks.
/// </summary>
public sealed class SwarmMeshMembers(IDockerEngine manager, MemberEngines engines, RunInventory run) : IMeshMembers
{
    public async Task<IReadOnlyList<MeshMember>> ReadAsync(CancellationToken ct)
    {
        var services = run.Services.Where(s => MeshMember.NameOf(s.Labels).Length > 0).ToList();
        return services.Count == 0 ? [] : await ReadAsync(services, ct);
    }

    /// <summary>The member as its service's current task shows it now: after a fault started it again, that is another container.</summary>
    /// <exception cref="InvalidOperationException">The member's service is gone or has no task with a container.</exception>
    public async Task<MeshMember> CurrentAsync(MeshMember member, CancellationToken ct) =>
        (await ReadAsync([ServiceOf(member)], ct)).SingleOrDefault()
        ?? throw new InvalidOperationException($"{member.Name} has no task with a container on the swarm");

    public async Task<bool> IsRunningAsync(MeshMember member, CancellationToken ct) => (await CurrentAsync(member, ct)).Running;

    /// <summary>The service that runs the member.</summary>
    public ServiceInfo ServiceOf(MeshMember member) =>
        run.Services.FirstOrDefault(s => MeshMember.NameOf(s.Labels) == member.Name)
        ?? throw new InvalidOperationException($"{member.Name} has no service in run {run.RunId}");

    private async Task<IReadOnlyList<MeshMember>> ReadAsync(IReadOnlyList<ServiceInfo> services, CancellationToken ct)
    {
        var newest = (await manager.Swarm.ListTasksAsync(services.Select(s => s.Id).ToList(), ct))
            .Where(t => t.ContainerId.Length > 0)
            .GroupBy(t => t.ServiceId)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.DesiredState == "running").ThenBy(t => t.Timestamp).Last());
        var members = new List<MeshMember>();
        foreach (var service in services)
        {
            if (newest.GetValueOrDefault(service.Id) is { } task
                && await engines.OfNode(task.NodeId, MeshMember.NameOf(service.Labels)).Containers.InspectAsync(task.ContainerId, ct) is { } container)
            {
                members.Add(MeshMember.FromContainer(container, run.RunId, task.NodeId));
            }
        }

        return members;
    }
}
