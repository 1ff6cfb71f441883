using CMesh.Docker.Engine;

namespace CMesh.Docker.Swarm;

/// <summary>CMESH_REGISTRY: where a swarm run's images go for the nodes to pull, and the login for it, if any.</summary>
/// <param name="Address">HOST[:PORT][/PATH], as in front of an image name.</param>
/// <param name="Login">What `docker login HOST[:PORT]` stored for it; null: the registry takes anyone.</param>
public sealed record ImageRegistry(string Address, RegistryLogin? Login)
{
    /// <summary>The registry's host and port, the key `docker login` files its login under.</summary>
    public string Host => Address.Split('/')[0];
}
