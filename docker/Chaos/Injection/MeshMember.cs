using CMesh.Chaos.Targets;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>A container of a run as chaos sees it: its name in the mesh, its addresses and whether it runs.</summary>
/// <param name="Name">peer-3, or coordinator.</param>
/// <param name="DataIp">Its address on the run's data network; null for the coordinator, which is not on it.</param>
/// <param name="ControlIp">Its address on the run's control network.</param>
/// <param name="NodeId">The swarm node its task runs on, whose engine holds its container; null on a local run.</param>
public sealed record MeshMember(
    string Name,
    string ContainerId,
    string? DataIp,
    string? ControlIp,
    IReadOnlyDictionary<string, string> Labels,
    bool Running,
    bool Paused,
    string? NodeId = null)
{
    public bool IsCoordinator => Name == TargetSelector.Coordinator;

    public string DataIpOrThrow => DataIp ?? throw new InvalidOperationException($"{Name} has no address on the data network");

    public string ControlIpOrThrow => ControlIp ?? throw new InvalidOperationException($"{Name} has no address on the control network");

    /// <summary>The member as its container's inspect shows it, with its addresses on the run's networks.</summary>
    public static MeshMember FromContainer(ContainerInfo container, string runId, string? nodeId = null)
    {
        var control = RunId.ContainerName(runId, "control");
        var data = RunId.ContainerName(runId, "data");
        return new MeshMember(
            NameOf(container.Labels),
            container.Id,
            container.Networks.GetValueOrDefault(data)?.IpAddress is { Length: > 0 } dataIp ? dataIp : null,
            container.Networks.GetValueOrDefault(control)?.IpAddress is { Length: > 0 } controlIp ? controlIp : null,
            container.Labels,
            container.Running,
            container.Paused,
            nodeId);
    }

    public static string NameOf(IReadOnlyDictionary<string, string> labels) =>
        labels.GetValueOrDefault(MeshLabels.Role) == MeshLabels.CoordinatorRole ? TargetSelector.Coordinator : labels.GetValueOrDefault(MeshLabels.Peer) ?? "";
}
