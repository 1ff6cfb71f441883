using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>Reads a run's coordinator and peers from the engine, with their addresses on the control and data networks, in mesh order.</summary>
public sealed class MeshMembers(IDockerContainers containers, RunInventory run) : IMeshMembers
{
    public async Task<IReadOnlyList<MeshMember>> ReadAsync(CancellationToken ct)
    {
        var control = RunId.ContainerName(run.RunId, "control");
        var data = RunId.ContainerName(run.RunId, "data");
        var members = new List<MeshMember>();
        foreach (var summary in run.Containers.Where(c => MeshMember.NameOf(c.Labels).Length > 0))
        {
            if (await containers.InspectAsync(summary.Id, ct) is { } container)
            {
                members.Add(new MeshMember(
                    MeshMember.NameOf(container.Labels),
                    container.Id,
                    container.Networks.GetValueOrDefault(data)?.IpAddress is { Length: > 0 } dataIp ? dataIp : null,
                    container.Networks.GetValueOrDefault(control)?.IpAddress is { Length: > 0 } controlIp ? controlIp : null,
                    container.Labels,
                    container.Running,
                    container.Paused));
            }
        }

        return members;
    }

    public async Task<bool> IsRunningAsync(MeshMember member, CancellationToken ct) =>
        await containers.InspectAsync(member.ContainerId, ct) is { Running: true };
}
