using System.Text;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm;

/// <summary>
/// A swarm run's secrets as swarm secrets, never environment variables: one per secret, named cmesh-RUN-NAME and
/// labelled with the run, created on the manager (which keeps them encrypted and hands them only to the tasks given
/// them), each a file NAME under /run/secrets in the container (where the local runner's bind mount puts it),
/// read-only, mode 0400, owned by the uid the process runs as. They go with the run's services.
/// </summary>
public sealed class SwarmSecrets(IDockerEngine manager)
{
    /// <summary>Where the swarm puts a secret whose target is a plain file name: the folder the processes read secrets from.</summary>
    public const string MountPath = "/run/secrets";

    public const UnixFileMode Mode = UnixFileMode.UserRead;

    public static string Name(string runId, string secret) => RunId.ContainerName(runId, secret);

    public async Task<IReadOnlyList<ServiceSecret>> CreateAsync(string runId, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        var created = new List<ServiceSecret>();
        foreach (var (file, value) in secrets.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var name = Name(runId, file);
            var id = await manager.Swarm.CreateSecretAsync(name, MeshLabels.ForRun(runId), Encoding.UTF8.GetBytes(value), ct);
            created.Add(new ServiceSecret(id, name, file, SwarmSpecs.ProcessUid, SwarmSpecs.ProcessUid, Mode));
        }

        return created;
    }

    /// <summary>Removes the secrets carrying the labels (one run's, or every CMesh run's). Call it once no service uses them.</summary>
    public async Task RemoveAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        foreach (var secret in await manager.Swarm.ListSecretsAsync(labels, ct))
        {
            await manager.Swarm.RemoveSecretAsync(secret.Id, ct);
        }
    }
}
