
namespace CMesh.Docker.Chaos.Injection;

/// <summary>The members of one run's mesh, as chaos targets them.</summary>
public interface IMeshMembers
{
    /// <summary>The coordinator and peers with their addresses and state now, in mesh order.</summary>
    Task<IReadOnlyList<MeshMember>> ReadAsync(CancellationToken ct);

    Task<bool> IsRunningAsync(MeshMember member, CancellationToken ct);
}
