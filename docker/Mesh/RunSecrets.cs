using System.Security.Cryptography;
using CMesh.Common;

namespace CMesh.Docker.Mesh;

public static class RunSecrets
{
    /// <summary>The configured secrets, with a fresh swarm key for this run when none is configured.</summary>
    public static IReadOnlyDictionary<string, string> WithSwarmKey(IReadOnlyDictionary<string, string> configured)
    {
        var secrets = new Dictionary<string, string>(configured);
        secrets.TryAdd(SwarmKey.SecretName, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        return secrets;
    }
}
