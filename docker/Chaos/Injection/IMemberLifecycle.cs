
namespace CMesh.Docker.Chaos.Injection;

/// <summary>What the engine does to a member's container for node faults.</summary>
public interface IMemberLifecycle
{
    Task PauseAsync(MeshMember member, CancellationToken ct);

    Task UnpauseAsync(MeshMember member, CancellationToken ct);

    Task KillAsync(MeshMember member, string signal, CancellationToken ct);

    Task StopAsync(MeshMember member, TimeSpan grace, CancellationToken ct);

    Task StartAsync(MeshMember member, CancellationToken ct);
}
