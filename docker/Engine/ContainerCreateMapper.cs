using System.Globalization;

namespace CMesh.Docker.Engine;

/// <summary>Turns a <see cref="ContainerSpec"/> into the engine's create-container body.</summary>
internal static class ContainerCreateMapper
{
    public static ContainerCreateDto ToDto(ContainerSpec spec)
    {
        var first = spec.Networks.Count > 0 ? spec.Networks[0] : null;
        return new ContainerCreateDto(
            Image: spec.Image,
            Cmd: spec.Command,
            Env: spec.Environment.Select(e => $"{e.Key}={e.Value}").ToList(),
            Labels: spec.Labels,
            Hostname: spec.Hostname,
            ExposedPorts: spec.Ports.Select(p => TcpPort(p.ContainerPort)).Distinct().ToDictionary(p => p, _ => new EmptyObjectDto()),
            HostConfig: new HostConfigDto(
                Binds: spec.Mounts.Select(m => $"{m.HostPath}:{m.ContainerPath}:{(m.ReadOnly ? "ro" : "rw")}").ToList(),
                PortBindings: spec.Ports
                    .GroupBy(p => TcpPort(p.ContainerPort))
                    .ToDictionary(g => g.Key, g => g.Select(HostBinding).ToList()),
                CapAdd: spec.CapAdd,
                CapDrop: spec.CapDrop,
                AutoRemove: spec.AutoRemove,
                Init: spec.Init,
                Memory: spec.MemoryLimitBytes,
                NetworkMode: first?.Network ?? spec.NetworkMode),
            NetworkingConfig: first is null
                ? null
                : new NetworkingConfigDto(new Dictionary<string, EndpointConfigDto> { [first.Network] = new(first.Aliases) }));
    }

    private static string TcpPort(int port) => $"{port.ToString(CultureInfo.InvariantCulture)}/tcp";

    // An empty HostPort lets the engine pick a free port.
    private static PortBindingDto HostBinding(PortPublish p) =>
        new(p.HostIp, p.HostPort == 0 ? "" : p.HostPort.ToString(CultureInfo.InvariantCulture));
}
