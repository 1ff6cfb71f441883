
namespace CMesh.Docker.Chaos.Injection;

/// <summary>The members a fault is planned against, looked up by name.</summary>
internal sealed record PlannedMesh(IReadOnlyList<MeshMember> Members)
{
    public IReadOnlyList<MeshMember> Peers => Members.Where(m => !m.IsCoordinator).ToList();

    public IReadOnlyList<string> PeerNames => Peers.Select(p => p.Name).ToList();

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Labels => Members.ToDictionary(m => m.Name, m => m.Labels);

    public MeshMember Member(string name) =>
        Members.FirstOrDefault(m => m.Name == name) ?? throw new InvalidOperationException($"this mesh has no {name}");
}
