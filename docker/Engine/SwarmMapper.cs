using Docker.DotNet.Models;
using ApiNetworkAttachment = Docker.DotNet.Models.NetworkAttachment;

namespace CMesh.Docker.Engine;

/// <summary>Turns the engine's swarm answers (info, nodes, services, tasks) into CMesh's records.</summary>
internal static class SwarmMapper
{
    public static SwarmMembership ToMembership(Info? swarm) => new(
        Lower(swarm?.LocalNodeState, "inactive"),
        swarm?.NodeID ?? "",
        swarm?.NodeAddr ?? "",
        swarm?.ControlAvailable ?? false,
        swarm?.Error ?? "");

    public static SwarmNode ToNode(NodeListResponse n) => new(
        n.ID,
        n.Description?.Hostname ?? "",
        Lower(n.Spec?.Role, "worker"),
        Lower(n.Spec?.Availability, "active"),
        Lower(n.Status?.State, "unknown"),
        n.Status?.Addr ?? "",
        n.Description?.Resources?.NanoCPUs ?? 0,
        n.Description?.Resources?.MemoryBytes ?? 0,
        EngineLabels.Of(n.Spec?.Labels),
        n.ManagerStatus?.Leader ?? false,
        n.Description?.Engine?.EngineVersion ?? "");

    public static ServiceInfo ToService(SwarmService s) => new(
        s.ID,
        s.Spec?.Name ?? "",
        s.Spec?.TaskTemplate?.ContainerSpec?.Image ?? "",
        s.Spec?.Mode?.Replicated?.Replicas is { } replicas ? (int)replicas : null,
        EngineLabels.Of(s.Spec?.Labels),
        s.CreatedAt is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null);

    public static SwarmTask ToTask(TaskResponse t) => new(
        t.ID,
        t.ServiceID ?? "",
        (int)(t.Slot ?? 0),
        t.NodeID ?? "",
        State(t.Status?.State),
        State(t.DesiredState),
        t.Status?.Message ?? "",
        t.Status?.Err ?? "",
        t.Status?.ContainerStatus?.ContainerID ?? "",
        t.Status?.ContainerStatus is { } container && !string.IsNullOrEmpty(container.ContainerID) ? container.ExitCode : null,
        t.Status?.Timestamp is { } time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null,
        Addresses(t.NetworksAttachments));

    // The engine spells task states in lower case ("running"); the client reads them into an enum.
    private static string State(TaskState? state) => state?.ToString().ToLowerInvariant() ?? "";

    private static string Lower(string? value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value.ToLowerInvariant();

    private static Dictionary<string, string> Addresses(IList<ApiNetworkAttachment>? attachments)
    {
        var addresses = new Dictionary<string, string>();
        foreach (var attachment in attachments ?? [])
        {
            if (attachment.Network?.Spec?.Name is { Length: > 0 } network && attachment.Addresses is [var first, ..])
                addresses.TryAdd(network, first);
        }
        return addresses;
    }
}
