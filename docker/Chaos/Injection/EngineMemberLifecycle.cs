using CMesh.Docker.Engine;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>Node faults through the engine's container operations.</summary>
public sealed class EngineMemberLifecycle(IDockerContainers containers) : IMemberLifecycle
{
    public Task PauseAsync(MeshMember member, CancellationToken ct) => containers.PauseAsync(member.ContainerId, ct);

    public Task UnpauseAsync(MeshMember member, CancellationToken ct) => containers.UnpauseAsync(member.ContainerId, ct);

    public Task KillAsync(MeshMember member, string signal, CancellationToken ct) => containers.KillAsync(member.ContainerId, signal, ct);

    public Task StopAsync(MeshMember member, TimeSpan grace, CancellationToken ct) => containers.StopAsync(member.ContainerId, grace, ct);

    public Task StartAsync(MeshMember member, CancellationToken ct) => containers.StartAsync(member.ContainerId, ct);
}
