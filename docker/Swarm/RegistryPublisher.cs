using CMesh.Docker.Engine;

namespace CMesh.Docker.Swarm;

/// <summary>
/// Puts a run's images in a registry (CMESH_REGISTRY) instead of copying them to each node: each is tagged
/// REGISTRY/NAME:TAG on the CLI's engine and pushed, and the services name that, so every node's engine pulls what it
/// lacks when its task starts.
/// </summary>
public sealed class RegistryPublisher(IDockerEngine engine, ImageRegistry registry)
{
    /// <summary>The image's name in the registry: cmesh-peer:abc → REGISTRY/cmesh-peer:abc.</summary>
    public string NameOf(string image) => $"{registry.Address.TrimEnd('/')}/{image}";

    /// <summary>Tags and pushes each image; returns their names in the registry, in order.</summary>
    public async Task<IReadOnlyList<string>> PushAsync(IReadOnlyList<string> images, CancellationToken ct)
    {
        var pushed = new List<string>();
        foreach (var image in images)
        {
            var target = NameOf(image);
            var colon = target.LastIndexOf(':');
            await engine.Images.TagAsync(image, target[..colon], target[(colon + 1)..], ct);
            try
            {
                await engine.Images.PushAsync(target, registry.Login, ct);
            }
            catch (DockerEngineException e)
            {
                throw new InvalidOperationException(
                    $"CMESH_REGISTRY={registry.Address}: pushing {image} failed{(registry.Login is null ? " (no login for it: `docker login " + registry.Host + "`)" : $" as {registry.Login.Username}")}: {e.Message}", e);
            }

            pushed.Add(target);
        }

        return pushed;
    }
}
