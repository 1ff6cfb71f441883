using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Reads a swarm run's coordinator and peers: each service's newest task (from the manager) names the node and the
/// container, and that node's own engine inspects it, with its addresses on the run's overlay networks.
/// </summary>
public sealed class SwarmMeshMembers(IDockerEngine manager, MemberEngines engines, RunInventory run) : IMeshMembers
{
    public async Task<IReadOnlyList<MeshMember>> ReadAsync(CancellationToken ct)
    {
        var services = run.Services.Where(s => MeshMember.NameOf(s.Labels).Length > 0).ToList();
        if (services.Count == 0)
        {
            return [];
        }

        var newest = (await manager.Swarm.ListTasksAsync(services.Select(s => s.Id).ToList(), ct))
            .Where(t => t.ContainerId.Length > 0)
            .GroupBy(t => t.ServiceId)
            .ToDictionary(g => g.Key, g => g.MaxBy(t => t.Timestamp)!);
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

    public async Task<bool> IsRunningAsync(MeshMember member, CancellationToken ct) =>
        await engines.For(member).Containers.InspectAsync(member.ContainerId, ct) is { Running: true };
}
