using System.Text.Json;

namespace CMesh.Docker.Engine;

// The engine's JSON shapes (API 1.41), kept internal: the API classes map them to and from the public records.
// Property names match the engine's; responses are read case-insensitively, so camelCase fields map too.

internal sealed record ErrorDto(string? Message);

internal sealed record IdDto(string Id);

/// <summary>One line of a build, pull or import progress stream.</summary>
internal sealed record JsonMessageDto(string? Stream, string? Error);

internal sealed record EventDto(string? Type, string? Action, EventActorDto? Actor, long TimeNano);

internal sealed record EventActorDto(string? Id, Dictionary<string, string>? Attributes);

internal sealed record ImageInspectDto(string Id, List<string>? RepoTags, DateTimeOffset Created, long Size, ImageConfigDto? Config);

internal sealed record ImageConfigDto(Dictionary<string, string>? Labels);

internal sealed record ImageSummaryDto(string Id, List<string>? RepoTags, long Size, Dictionary<string, string>? Labels);

/// <summary>Serializes as {}, the value the engine expects in ExposedPorts.</summary>
internal sealed record EmptyObjectDto;

internal sealed record ContainerCreateDto(
    string Image,
    IReadOnlyList<string>? Cmd,
    IReadOnlyList<string> Env,
    IReadOnlyDictionary<string, string> Labels,
    string? Hostname,
    IReadOnlyDictionary<string, EmptyObjectDto> ExposedPorts,
    HostConfigDto HostConfig,
    NetworkingConfigDto? NetworkingConfig);

internal sealed record HostConfigDto(
    IReadOnlyList<string> Binds,
    IReadOnlyDictionary<string, List<PortBindingDto>> PortBindings,
    IReadOnlyList<string> CapAdd,
    IReadOnlyList<string> CapDrop,
    bool AutoRemove,
    bool Init,
    long? Memory,
    string? NetworkMode);

internal sealed record PortBindingDto(string? HostIp, string? HostPort);

internal sealed record NetworkingConfigDto(IReadOnlyDictionary<string, EndpointConfigDto> EndpointsConfig);

internal sealed record EndpointConfigDto(IReadOnlyList<string> Aliases);

internal sealed record NetworkConnectDto(string Container, EndpointConfigDto EndpointConfig);

internal sealed record ContainerInspectDto(
    string Id, string Name, ContainerStateDto State, ContainerConfigDto? Config, NetworkSettingsDto? NetworkSettings);

internal sealed record ContainerStateDto(
    string Status, bool Running, bool Paused, int Pid, long ExitCode, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

internal sealed record ContainerConfigDto(string? Image, Dictionary<string, string>? Labels);

internal sealed record NetworkSettingsDto(
    Dictionary<string, EndpointSettingsDto>? Networks, Dictionary<string, List<PortBindingDto>?>? Ports);

internal sealed record EndpointSettingsDto(string? NetworkId, string? IpAddress, int IpPrefixLen);

internal sealed record ContainerSummaryDto(
    string Id, List<string>? Names, string? Image, string? State, string? Status, Dictionary<string, string>? Labels);

internal sealed record ExecCreateDto(bool AttachStdout, bool AttachStderr, IReadOnlyList<string> Cmd);

internal sealed record ExecStartDto(bool Detach, bool Tty);

internal sealed record ExecInspectDto(bool Running, long? ExitCode);

internal sealed record WaitDto(long StatusCode);

internal sealed record NetworkCreateDto(
    string Name, string Driver, bool Internal, IReadOnlyDictionary<string, string> Labels, bool CheckDuplicate, bool Attachable);

internal sealed record NetworkDto(
    string Id,
    string Name,
    string? Driver,
    bool Internal,
    IpamDto? Ipam,
    Dictionary<string, string>? Labels,
    Dictionary<string, JsonElement>? Containers);

internal sealed record IpamDto(List<IpamConfigDto>? Config);

internal sealed record IpamConfigDto(string? Subnet);
