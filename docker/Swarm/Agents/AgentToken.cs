using System.Security.Cryptography;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm.Agents;

/// <summary>
/// The token a run's tunnels to its agents carry. The coordinator gets it as a swarm secret (a read-only file); the
/// CLI's later commands (chaos, watch, stop, clean) read it from a root-only file beside the run's secret files,
/// removed with them.
/// </summary>
public static class AgentToken
{
    public static string Create(string runId)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(SecretFiles.Root);
        var path = PathOf(runId);
        File.WriteAllText(path, token);
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        return token;
    }

    /// <summary>Null when this machine holds no token for the run (its agents then cannot be reached from here).</summary>
    public static string? Read(string runId) => File.Exists(PathOf(runId)) ? File.ReadAllText(PathOf(runId)).Trim() : null;

    public static void Remove(string runId)
    {
        if (File.Exists(PathOf(runId)))
        {
            File.Delete(PathOf(runId));
        }
    }

    private static string PathOf(string runId) => Path.Combine(SecretFiles.Root, $"{runId}.agent-token");
}
