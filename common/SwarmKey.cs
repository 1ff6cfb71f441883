using System.Security.Cryptography;
using System.Text;

namespace CMesh.Common;

/// <summary>
/// The shared secret that admits a peer to a swarm. Only its id, a one-way hash, ever travels on the network.
/// </summary>
public sealed class SwarmKey
{
    public const string SecretName = "swarm_key";

    private SwarmKey(string id) => Id = id;

    /// <summary>Hex id derived from the key; what peers present to the coordinator and to each other.</summary>
    public string Id { get; }

    public static SwarmKey FromSecret(string secret)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("cmesh-swarm:" + secret.Trim()));
        return new SwarmKey(Convert.ToHexStringLower(hash)[..16]);
    }

    /// <summary>Reads the key from the secrets folder mounted read-only into the container.</summary>
    public static async Task<SwarmKey> ReadAsync(string secretsDirectory, CancellationToken ct)
    {
        var path = Path.Combine(secretsDirectory, SecretName);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"secret {path} is missing: the driver mounts it read-only at start");
        }

        return FromSecret(await File.ReadAllTextAsync(path, ct));
    }
}
