
namespace CMesh.Docker.Chaos.Injection;

/// <summary>Runs commands inside a member's network namespace with the rights to change it (NET_ADMIN).</summary>
public interface INetworkShell
{
    /// <summary>Runs the command and returns its standard output.</summary>
    /// <exception cref="ChaosCommandException">The command failed; the message holds what it printed.</exception>
    Task<string> RunAsync(MeshMember member, IReadOnlyList<string> command, CancellationToken ct);

    /// <summary>The member restarted with a new network namespace: whatever held its old one is let go.</summary>
    Task ForgetAsync(MeshMember member, CancellationToken ct);
}

/// <summary>A command run for a fault failed in a member's namespace.</summary>
public sealed class ChaosCommandException(string member, IReadOnlyList<string> command, string output)
    : InvalidOperationException($"{member}: `{Shorten(string.Join(' ', command))}` failed: {FirstLine(output)}")
{
    public string Output { get; } = output;

    private static string Shorten(string text) => text.Length <= 120 ? text.ReplaceLineEndings("; ") : text[..117].ReplaceLineEndings("; ") + "...";

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
}
