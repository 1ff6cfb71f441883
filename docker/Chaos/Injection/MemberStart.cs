
namespace CMesh.Docker.Chaos.Injection;

/// <summary>Starts a member a fault stopped. It comes back with a fresh network namespace, so whatever held its old one is let go first.</summary>
internal static class MemberStart
{
    public static async Task AgainAsync(MeshControls controls, MeshMember member, CancellationToken ct)
    {
        await controls.Shell.ForgetAsync(member, ct);
        await controls.Lifecycle.StartAsync(member, ct);
    }
}
