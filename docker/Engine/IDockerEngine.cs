namespace CMesh.Docker.Engine;

/// <summary>The Docker Engine API, split by resource so callers depend only on what they use.</summary>
public interface IDockerEngine
{
    IDockerSystem System { get; }
    IDockerImages Images { get; }
    IDockerContainers Containers { get; }
    IDockerNetworks Networks { get; }
    IDockerVolumes Volumes { get; }
    IDockerSwarm Swarm { get; }
}

public interface IDockerSystem
{
    /// <summary>Throws <see cref="EngineUnavailableException"/> when nothing answers at the endpoint.</summary>
    Task<EngineVersion> VersionAsync(CancellationToken ct);

    /// <summary>Streams engine events (container, network, image) matching the label filters until cancelled; cancelling ends the stream without throwing.</summary>
    IAsyncEnumerable<EngineEvent> EventsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct);

    /// <summary>docker login's check: the engine asks the registry whether it takes the login; throws <see cref="DockerEngineException"/> when it does not.</summary>
    Task CheckLoginAsync(RegistryLogin login, CancellationToken ct);
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

    /// <summary>Pulls an image, logged in to its registry when a login is given; throws <see cref="DockerEngineException"/> when it cannot be pulled.</summary>
    Task PullAsync(string image, RegistryLogin? login, CancellationToken ct);

    /// <summary>docker push of REGISTRY/repository:tag, logged in when a login is given; throws <see cref="DockerEngineException"/> when the registry refuses it.</summary>
    Task PushAsync(string image, RegistryLogin? login, CancellationToken ct);

    Task RemoveAsync(string nameOrId, bool force, CancellationToken ct);

    /// <summary>docker tag: gives an image another name, repository:tag.</summary>
    Task TagAsync(string nameOrId, string repository, string tag, CancellationToken ct);

    /// <summary>docker save: the images (names or ids) as one tar, streamed as the engine writes it; the caller disposes it.</summary>
    Task<Stream> SaveAsync(IReadOnlyList<string> namesOrIds, CancellationToken ct);

    /// <summary>docker load: reads an image tar (as <see cref="SaveAsync"/> writes it) to its end; reports each output line; throws on a load error.</summary>
    Task LoadAsync(Stream imageTar, IProgress<string>? progress, CancellationToken ct);
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

    /// <summary>
    /// docker cp out of the container: the file or folder at the path as a tar stream (a folder's entries under its
    /// own name), the caller disposes it. Works on a stopped container too, volumes included. Null when the container
    /// or the path does not exist.
    /// </summary>
    Task<Stream?> GetArchiveAsync(string id, string path, CancellationToken ct);

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

public interface IDockerVolumes
{
    /// <summary>The named volumes carrying all the given labels.</summary>
    Task<IReadOnlyList<VolumeInfo>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct);

    /// <summary>Removing a volume that is already gone is not an error; one still in use by a container is.</summary>
    Task RemoveAsync(string name, CancellationToken ct);
}

/// <summary>
/// Docker Swarm, through a manager's engine (a worker's answers 503 to all but <see cref="MembershipAsync"/>).
/// </summary>
public interface IDockerSwarm
{
    /// <summary>Whether this engine is in a swarm and a manager of it; answers on any engine.</summary>
    Task<SwarmMembership> MembershipAsync(CancellationToken ct);

    Task<IReadOnlyList<SwarmNode>> NodesAsync(CancellationToken ct);

    /// <summary>
    /// Creates a replicated service; returns its id. The swarm schedules its tasks afterwards: follow them with
    /// <see cref="ListTasksAsync"/>. A login goes to the nodes with the tasks, for pulling the image (docker service
    /// create --with-registry-auth).
    /// </summary>
    Task<string> CreateServiceAsync(ServiceSpec spec, RegistryLogin? login, CancellationToken ct);

    /// <summary>The services carrying all the given labels (none: every service).</summary>
    Task<IReadOnlyList<ServiceInfo>> ListServicesAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct);

    /// <summary>Removes the service; its tasks' containers are then removed by each node. Removing a service that is already gone is not an error.</summary>
    Task RemoveServiceAsync(string idOrName, CancellationToken ct);

    /// <summary>
    /// Asks the swarm for a fresh task of the service (a forced update, as `docker service update --force`), placed by
    /// the service's constraints; the old task is shut down if it still runs. Follow the new one with <see cref="ListTasksAsync"/>.
    /// </summary>
    Task ForceUpdateServiceAsync(string idOrName, CancellationToken ct);

    /// <summary>The tasks of these services (ids or names), current and past; none given: every task of the swarm.</summary>
    Task<IReadOnlyList<SwarmTask>> ListTasksAsync(IReadOnlyList<string> services, CancellationToken ct);

    /// <summary>Creates a swarm secret (kept encrypted in the managers' store, handed only to the tasks given it); returns its id.</summary>
    Task<string> CreateSecretAsync(string name, IReadOnlyDictionary<string, string> labels, byte[] data, CancellationToken ct);

    /// <summary>The secrets carrying all the given labels (their names and labels; never their data).</summary>
    Task<IReadOnlyList<SecretInfo>> ListSecretsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct);

    /// <summary>Removing a secret that is already gone is not an error; one a service still uses is.</summary>
    Task RemoveSecretAsync(string idOrName, CancellationToken ct);
}
