using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>Reads a local run's coordinator and peers from the engine, with their addresses on the control and data networks, in mesh order.</summary>
public sealed class MeshMembers(IDockerContainers containers, RunInventory run) : IMeshMembers
{
    public async Task<IReadOnlyList<MeshMember>> ReadAsync(CancellationToken ct)
    {
        var members = new List<MeshMember>();
        foreach (var summary in run.Containers.Where(c => MeshMember.NameOf(c.Labels).Length > 0))
        {
            if (await containers.InspectAsync(summary.Id, ct) is { } container)
            {
                members.Add(MeshMember.FromContainer(container, run.RunId));
            }
        }

        return members;
    }

    public async Task<bool> IsRunningAsync(MeshMember member, CancellationToken ct) =>
        await containers.InspectAsync(member.ContainerId, ct) is { Running: true };
}
