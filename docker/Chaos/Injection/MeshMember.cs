using CMesh.Chaos.Targets;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>A container of a run as chaos sees it: its name in the mesh, its addresses and whether it runs.</summary>
/// <param name="Name">peer-3, or coordinator.</param>
/// <param name="DataIp">Its address on the run's data network; null for the coordinator, which is not on it.</param>
/// <param name="ControlIp">Its address on the run's control network.</param>
public sealed record MeshMember(
    string Name,
    string ContainerId,
    string? DataIp,
    string? ControlIp,
    IReadOnlyDictionary<string, string> Labels,
    bool Running,
    bool Paused)
{
    public bool IsCoordinator => Name == TargetSelector.Coordinator;

    public string DataIpOrThrow => DataIp ?? throw new InvalidOperationException($"{Name} has no address on the data network");

    public string ControlIpOrThrow => ControlIp ?? throw new InvalidOperationException($"{Name} has no address on the control network");

    public static string NameOf(IReadOnlyDictionary<string, string> labels) =>
        labels.GetValueOrDefault(MeshLabels.Role) == MeshLabels.CoordinatorRole ? TargetSelector.Coordinator : labels.GetValueOrDefault(MeshLabels.Peer) ?? "";
}
