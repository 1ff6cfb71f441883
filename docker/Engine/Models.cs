namespace CMesh.Docker.Engine;

public sealed record EngineVersion(string Version, string ApiVersion, string Os, string Arch, string KernelVersion);

/// <summary>One engine event: Type is container, network or image; Action is start, die, pause, connect…</summary>
public sealed record EngineEvent(string Type, string Action, string ActorId, IReadOnlyDictionary<string, string> Attributes, DateTimeOffset Time);

public sealed record ImageInfo(string Id, IReadOnlyList<string> Tags, DateTimeOffset Created, long Size, IReadOnlyDictionary<string, string> Labels);

public sealed record ImageSummary(string Id, IReadOnlyList<string> Tags, long Size, IReadOnlyDictionary<string, string> Labels);

/// <param name="Target">The Dockerfile stage to build; null: the last one.</param>
public sealed record ImageBuildRequest(
    string Tag,
    IReadOnlyDictionary<string, string> BuildArgs,
    IReadOnlyDictionary<string, string> Labels,
    string Dockerfile = "Dockerfile",
    string? Target = null);

/// <summary>A bind mount from the host into the container.</summary>
public sealed record BindMount(string HostPath, string ContainerPath, bool ReadOnly);

/// <summary>
/// A named volume of the engine the container runs on, mounted read-write; the engine creates it, with these labels,
/// when it does not exist yet. It outlives the container (and a service's tasks): remove it with <see cref="IDockerVolumes"/>.
/// </summary>
public sealed record VolumeMount(string Volume, string ContainerPath, IReadOnlyDictionary<string, string> Labels);

public sealed record VolumeInfo(string Name, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// A swarm secret handed to a service's tasks as a file: FileName is relative to /run/secrets in the container, owned
/// by Uid:Gid with Mode (0400: the owner reads it, nobody else).
/// </summary>
public sealed record ServiceSecret(string SecretId, string SecretName, string FileName, int Uid, int Gid, UnixFileMode Mode);

public sealed record SecretInfo(string Id, string Name, IReadOnlyDictionary<string, string> Labels);

/// <summary>A container port published on a host address; HostPort 0 lets the engine choose.</summary>
public sealed record PortPublish(int ContainerPort, string HostIp, int HostPort = 0);

/// <summary>A network the container joins, with the DNS aliases it answers to there.</summary>
public sealed record NetworkAttachment(string Network, IReadOnlyList<string> Aliases);

/// <summary>Everything needed to create a container, in our terms rather than the API's.</summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }
    public required string Image { get; init; }
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Null: the image's own entrypoint; empty: none, so <see cref="Command"/> runs as it is.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<BindMount> Mounts { get; init; } = [];
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];
    /// <summary>Networks to join; the first is attached at create time, the others connected before start.</summary>
    public IReadOnlyList<NetworkAttachment> Networks { get; init; } = [];
    /// <summary>A full network mode such as "container:ID" (the chaos helper); excludes <see cref="Networks"/>.</summary>
    public string? NetworkMode { get; init; }
    public IReadOnlyList<PortPublish> Ports { get; init; } = [];
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    public string? Hostname { get; init; }
    public bool AutoRemove { get; init; }
    /// <summary>Run an init process as PID 1 (forwards signals, reaps zombies).</summary>
    public bool Init { get; init; }
    public long? MemoryLimitBytes { get; init; }
}

public sealed record ContainerNetwork(string NetworkId, string IpAddress, int PrefixLength);

public sealed record ContainerInfo(
    string Id,
    string Name,
    string Image,
    string Status,
    bool Running,
    bool Paused,
    int Pid,
    long ExitCode,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, ContainerNetwork> Networks,
    IReadOnlyDictionary<int, int> PublishedTcpPorts);

public sealed record ContainerSummary(
    string Id,
    string Name,
    string Image,
    string State,
    string Status,
    IReadOnlyDictionary<string, string> Labels);

public sealed record LogOptions(bool Follow, bool Timestamps = false, int? Tail = null, DateTimeOffset? Since = null);

public enum LogStream { StdOut, StdErr }

public sealed record LogLine(LogStream Stream, string Text);

public sealed record ExecResult(long ExitCode, string StdOut, string StdErr);

/// <param name="Attachable">An overlay network standalone containers may join too (chaos helpers, probes), not only services' tasks.</param>
public sealed record NetworkSpec(string Name, IReadOnlyDictionary<string, string> Labels, bool Internal, string Driver = "bridge", bool Attachable = false)
{
    /// <summary>A network spanning a swarm's nodes (created on a manager), attachable.</summary>
    public static NetworkSpec Overlay(string name, IReadOnlyDictionary<string, string> labels, bool @internal) =>
        new(name, labels, @internal, "overlay", Attachable: true);
}

public sealed record NetworkInfo(
    string Id,
    string Name,
    string Driver,
    bool Internal,
    IReadOnlyList<string> Subnets,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> ContainerIds);

/// <summary>
/// The engine's place in a swarm, from its /info: State is inactive, pending, active, error or locked; a manager
/// (IsManager) can list nodes, services and tasks and create services. NodeId and NodeAddress are empty outside a swarm.
/// </summary>
public sealed record SwarmMembership(string State, string NodeId, string NodeAddress, bool IsManager, string Error)
{
    public bool IsActive => State == "active";
}

/// <summary>
/// One node of the swarm as a manager sees it. Role: manager or worker; Availability: active, pause or drain;
/// State: ready, down, unknown or disconnected; Address: the one it advertises to the others.
/// </summary>
public sealed record SwarmNode(
    string Id,
    string Hostname,
    string Role,
    string Availability,
    string State,
    string Address,
    long NanoCpus,
    long MemoryBytes,
    IReadOnlyDictionary<string, string> Labels,
    bool IsLeader,
    string EngineVersion)
{
    public double Cpus => NanoCpus / 1e9;

    /// <summary>Ready and active: the scheduler may place tasks there.</summary>
    public bool Schedulable => State == "ready" && Availability == "active";
}

/// <summary>What the swarm does when a task's container exits: nothing (none), or start a new task on failure, at most MaxAttempts times (null: no limit).</summary>
public sealed record ServiceRestartPolicy(string Condition, int? MaxAttempts = null)
{
    public static ServiceRestartPolicy None { get; } = new("none");

    public static ServiceRestartPolicy OnFailure(int maxAttempts) => new("on-failure", maxAttempts);
}

/// <summary>
/// A replicated (or global) swarm service, in our terms: its tasks' container (image, command, environment, mounts, capabilities),
/// the overlay networks it joins with their DNS aliases, where its tasks may go and what happens when they exit.
/// Endpoint mode is always DNS round robin (dnsrr): VIP mode needs IPVS, which hosts like this one lack, and the
/// routing mesh (ingress) needs VIP mode, so a port is only ever published in host mode, on the node its task runs on.
/// </summary>
public sealed record ServiceSpec
{
    public required string Name { get; init; }
    public required string Image { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>On the service and on each of its tasks' containers, so a node's own engine finds them by label too.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Bind mounts of the node the task runs on: the path must exist there.</summary>
    public IReadOnlyList<BindMount> Mounts { get; init; } = [];
    /// <summary>Named volumes of the node the task runs on (created there by its engine when missing).</summary>
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];
    /// <summary>Swarm secrets as files in the task's container (never environment variables).</summary>
    public IReadOnlyList<ServiceSecret> Secrets { get; init; } = [];
    public IReadOnlyList<NetworkAttachment> Networks { get; init; } = [];
    /// <summary>Placement constraints, as `docker service create --constraint` takes them: "node.role==manager", "node.labels.zone==a".</summary>
    public IReadOnlyList<string> Constraints { get; init; } = [];
    /// <summary>Spread preferences, in order: "node.id" spreads tasks evenly over the nodes.</summary>
    public IReadOnlyList<string> SpreadOver { get; init; } = [];
    /// <summary>At most this many of the service's tasks on one node (API 1.40+); null: no limit.</summary>
    public int? MaxReplicasPerNode { get; init; }
    public int Replicas { get; init; } = 1;
    /// <summary>Global mode: one task on every node the constraints allow, <see cref="Replicas"/> ignored.</summary>
    public bool Global { get; init; }
    public ServiceRestartPolicy Restart { get; init; } = ServiceRestartPolicy.None;
    /// <summary>Capabilities added and dropped (API 1.41, Docker 20.10, and later).</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    public string? Hostname { get; init; }
    public bool Init { get; init; }
    public long? MemoryLimitBytes { get; init; }
    public TimeSpan? StopGracePeriod { get; init; }
    /// <summary>TCP ports published in host mode on the node the task runs on (on all its addresses: the swarm API has no host IP).</summary>
    public IReadOnlyList<ServicePort> Ports { get; init; } = [];
}

/// <summary>A task's TCP port published in host mode on its node; PublishedPort 0 lets that node's engine choose.</summary>
public sealed record ServicePort(int ContainerPort, int PublishedPort = 0);

public sealed record ServiceInfo(string Id, string Name, string Image, int? Replicas, IReadOnlyDictionary<string, string> Labels, DateTimeOffset? CreatedAt);

/// <summary>
/// One task of a service: where the scheduler put it (NodeId, empty while pending), its state and the state the
/// swarm wants it in (new, pending, assigned, preparing, starting, running, complete, shutdown, failed, rejected…),
/// the error that ended or blocks it, and its container on that node's engine (empty before it is created).
/// Addresses: its address on each network, by network name, with prefix length ("10.0.1.5/24").
/// </summary>
public sealed record SwarmTask(
    string Id,
    string ServiceId,
    int Slot,
    string NodeId,
    string State,
    string DesiredState,
    string Message,
    string Error,
    string ContainerId,
    long? ExitCode,
    DateTimeOffset? Timestamp,
    IReadOnlyDictionary<string, string> Addresses);

/// <summary>A login to an image registry, as `docker login` keeps it; the password never appears in its text.</summary>
public sealed record RegistryLogin(string ServerAddress, string Username, string Password)
{
    public override string ToString() => $"{Username} at {ServerAddress}";
}
