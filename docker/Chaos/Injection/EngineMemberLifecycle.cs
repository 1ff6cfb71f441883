using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>Node faults through the container operations of the engine that holds each member.</summary>
public sealed class EngineMemberLifecycle(MemberEngines engines) : IMemberLifecycle
{
    public Task PauseAsync(MeshMember member, CancellationToken ct) => engines.For(member).Containers.PauseAsync(member.ContainerId, ct);

    public Task UnpauseAsync(MeshMember member, CancellationToken ct) => engines.For(member).Containers.UnpauseAsync(member.ContainerId, ct);

    public Task KillAsync(MeshMember member, string signal, CancellationToken ct) => engines.For(member).Containers.KillAsync(member.ContainerId, signal, ct);

    public Task StopAsync(MeshMember member, TimeSpan grace, CancellationToken ct) => engines.For(member).Containers.StopAsync(member.ContainerId, grace, ct);

    public Task StartAsync(MeshMember member, CancellationToken ct) => engines.For(member).Containers.StartAsync(member.ContainerId, ct);
}
