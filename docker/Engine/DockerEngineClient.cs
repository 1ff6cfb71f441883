namespace CMesh.Docker.Engine;

/// <summary>CMesh's engine interfaces over Docker.DotNet, on a unix socket or TCP (with TLS).</summary>
public sealed class DockerEngineClient : IDockerEngine, IDisposable
{
    private readonly EngineConnection _connection;

    /// <param name="clock">What the client's own waits (polling an exec for its exit code) wait on.</param>
    public DockerEngineClient(EngineSettings settings, TimeProvider? clock = null)
        : this(new EngineConnection(settings), clock)
    {
    }

    internal DockerEngineClient(EngineConnection connection, TimeProvider? clock = null)
    {
        _connection = connection;
        var networks = new DockerNetworks(connection);
        System = new DockerSystem(connection);
        Images = new DockerImages(connection);
        Containers = new DockerContainers(connection, networks, clock ?? TimeProvider.System);
        Networks = networks;
        Volumes = new DockerVolumes(connection);
        Swarm = new DockerSwarm(connection);
    }

    public static DockerEngineClient FromEnvironment() => new(EngineSettings.FromEnvironment());

    public IDockerSystem System { get; }

    public IDockerImages Images { get; }

    public IDockerContainers Containers { get; }

    public IDockerNetworks Networks { get; }

    public IDockerVolumes Volumes { get; }

    public IDockerSwarm Swarm { get; }

    public void Dispose() => _connection.Dispose();
}
