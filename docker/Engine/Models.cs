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
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<BindMount> Mounts { get; init; } = [];
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

public sealed record NetworkSpec(string Name, IReadOnlyDictionary<string, string> Labels, bool Internal, string Driver = "bridge");

public sealed record NetworkInfo(
    string Id,
    string Name,
    string Driver,
    bool Internal,
    IReadOnlyList<string> Subnets,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> ContainerIds);
