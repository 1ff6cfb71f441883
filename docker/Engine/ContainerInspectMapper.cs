using System.Globalization;
using Docker.DotNet.Models;

namespace CMesh.Docker.Engine;

/// <summary>Turns the engine's inspect answer into a <see cref="ContainerInfo"/>.</summary>
internal static class ContainerInspectMapper
{
    public static ContainerInfo ToInfo(ContainerInspectResponse c) => new(
        c.ID,
        c.Name.TrimStart('/'),
        c.Config?.Image ?? "",
        c.State?.Status ?? "",
        c.State?.Running ?? false,
        c.State?.Paused ?? false,
        (int)(c.State?.Pid ?? 0),
        c.State?.ExitCode ?? 0,
        Timestamp(c.State?.StartedAt),
        Timestamp(c.State?.FinishedAt),
        EngineLabels.Of(c.Config?.Labels),
        (c.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>()).ToDictionary(
            n => n.Key, n => new ContainerNetwork(n.Value.NetworkID ?? "", n.Value.IPAddress ?? "", (int)n.Value.IPPrefixLen)),
        PublishedTcpPorts(c.NetworkSettings?.Ports));

    // The engine reports "0001-01-01T00:00:00Z" for a time that has not happened.
    private static DateTimeOffset? Timestamp(string? time) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) && parsed != DateTimeOffset.MinValue
            ? parsed
            : null;

    private static Dictionary<int, int> PublishedTcpPorts(IDictionary<string, IList<PortBinding>>? ports)
    {
        var published = new Dictionary<int, int>();
        foreach (var (key, bindings) in ports ?? new Dictionary<string, IList<PortBinding>>())
        {
            if (key.Split('/') is not [var port, "tcp"] || !int.TryParse(port, CultureInfo.InvariantCulture, out var containerPort))
                continue;
            var hostPort = (bindings ?? [])
                .Select(b => int.TryParse(b.HostPort, CultureInfo.InvariantCulture, out var p) ? p : 0)
                .FirstOrDefault(p => p > 0);
            if (hostPort > 0)
                published[containerPort] = hostPort;
        }
        return published;
    }
}
