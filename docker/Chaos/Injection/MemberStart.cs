using CMesh.Docker.Engine;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>Starts a member a fault stopped. It comes back with a fresh network namespace, so whatever held its old one is let go first.</summary>
internal static class MemberStart
{
    public static async Task AgainAsync(IDockerEngine engine, INetworkShell shell, MeshMember member, CancellationToken ct)
    {
        await shell.ForgetAsync(member, ct);
        await engine.Containers.StartAsync(member.ContainerId, ct);
    }
}
