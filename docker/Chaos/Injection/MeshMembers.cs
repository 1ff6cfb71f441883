using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>Reads a run's coordinator and peers, with their addresses on the control and data networks, in mesh order.</summary>
public sealed class MeshMembers(IDockerEngine engine)
{
    public async Task<IReadOnlyList<MeshMember>> ReadAsync(RunInventory run, CancellationToken ct)
    {
        var control = RunId.ContainerName(run.RunId, "control");
        var data = RunId.ContainerName(run.RunId, "data");
        var members = new List<MeshMember>();
        foreach (var summary in run.Containers.Where(c => MeshMember.NameOf(c.Labels).Length > 0))
        {
            if (await engine.Containers.InspectAsync(summary.Id, ct) is { } container)
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
}
