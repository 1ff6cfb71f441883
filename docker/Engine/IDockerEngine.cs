namespace CMesh.Docker.Engine;

/// <summary>The Docker Engine API, split by resource so callers depend only on what they use.</summary>
public interface IDockerEngine
{
    IDockerSystem System { get; }
    IDockerImages Images { get; }
    IDockerContainers Containers { get; }
    IDockerNetworks Networks { get; }
}

public interface IDockerSystem
{
    /// <summary>Throws <see cref="EngineUnavailableException"/> when nothing answers at the endpoint.</summary>
    Task<EngineVersion> VersionAsync(CancellationToken ct);

    /// <summary>Streams engine events (container, network, image) matching the label filters until cancelled; cancelling ends the stream without throwing.</summary>
    IAsyncEnumerable<EngineEvent> EventsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct);
}

public interface IDockerImages
{
    /// <summary>Null when the engine has no image by that name or id.</summary>
    Task<ImageInfo?> InspectAsync(string nameOrId, CancellationToken ct);

    Task<IReadOnlyList<ImageSummary>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct);

    /// <summary>Builds from a tar build context; reports each build output line; throws on a build error.</summary>
    Task BuildAsync(Stream tarContext, ImageBuildRequest request, IProgress<string>? progress, CancellationToken ct);

    /// <summary>docker import: turns a root filesystem tar into an image named repository:tag.</summary>
    Task ImportAsync(Stream rootFsTar, string repository, string tag, CancellationToken ct);

    /// <summary>Pulls an image; throws <see cref="DockerEngineException"/> when it cannot be pulled.</summary>
    Task PullAsync(string image, CancellationToken ct);

    Task RemoveAsync(string nameOrId, bool force, CancellationToken ct);

    /// <summary>docker tag: gives an image another name, repository:tag.</summary>
    Task TagAsync(string nameOrId, string repository, string tag, CancellationToken ct);
}

public interface IDockerContainers
{
    /// <summary>Creates the container (attached to the spec's first network) and connects the remaining networks.</summary>
    Task<string> CreateAsync(ContainerSpec spec, CancellationToken ct);

    Task StartAsync(string id, CancellationToken ct);

    Task StopAsync(string id, TimeSpan grace, CancellationToken ct);

    Task KillAsync(string id, string signal, CancellationToken ct);

    Task PauseAsync(string id, CancellationToken ct);

    Task UnpauseAsync(string id, CancellationToken ct);

    /// <summary>Removing a container that is already gone is not an error.</summary>
    Task RemoveAsync(string id, bool force, CancellationToken ct);

    /// <summary>Null when no such container exists.</summary>
    Task<ContainerInfo?> InspectAsync(string idOrName, CancellationToken ct);

    Task<IReadOnlyList<ContainerSummary>> ListAsync(IReadOnlyDictionary<string, string> labels, bool includeStopped, CancellationToken ct);

    /// <summary>Log lines (stdout and stderr demultiplexed); with follow, streams until the container stops or ct is cancelled, which ends the stream without throwing.</summary>
    IAsyncEnumerable<LogLine> LogsAsync(string id, LogOptions options, CancellationToken ct);

    /// <summary>Runs a command in a running container and waits for it.</summary>
    Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, CancellationToken ct);

    /// <summary>Waits until the container stops; returns its exit code.</summary>
    Task<long> WaitAsync(string id, CancellationToken ct);
}

public interface IDockerNetworks
{
    Task<string> CreateAsync(NetworkSpec spec, CancellationToken ct);

    Task ConnectAsync(string network, string container, IReadOnlyList<string> aliases, CancellationToken ct);

    Task<NetworkInfo?> InspectAsync(string idOrName, CancellationToken ct);

    Task<IReadOnlyList<NetworkInfo>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct);

    /// <summary>Removing a network that is already gone is not an error.</summary>
    Task RemoveAsync(string idOrName, CancellationToken ct);
}
