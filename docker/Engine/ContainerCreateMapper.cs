using System.Globalization;
using Docker.DotNet.Models;

namespace CMesh.Docker.Engine;

/// <summary>Turns a <see cref="ContainerSpec"/> into the engine's create-container parameters.</summary>
internal static class ContainerCreateMapper
{
    public static CreateContainerParameters ToParameters(ContainerSpec spec)
    {
        var first = spec.Networks.Count > 0 ? spec.Networks[0] : null;
        return new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Cmd = spec.Command?.ToList()!, // null: the image's own command
            Entrypoint = spec.Entrypoint?.ToList()!, // null: the image's own entrypoint
            Env = spec.Environment.Select(e => $"{e.Key}={e.Value}").ToList(),
            Labels = spec.Labels.ToDictionary(),
            Hostname = spec.Hostname ?? "",
            ExposedPorts = spec.Ports.Select(p => TcpPort(p.ContainerPort)).Distinct().ToDictionary(p => p, _ => default(EmptyStruct)),
            HostConfig = new HostConfig
            {
                Binds = spec.Mounts.Select(m => $"{m.HostPath}:{m.ContainerPath}:{(m.ReadOnly ? "ro" : "rw")}").ToList(),
                Mounts = spec.Volumes.Count == 0 ? null! : spec.Volumes.Select(Volume).ToList(),
                PortBindings = spec.Ports
                    .GroupBy(p => TcpPort(p.ContainerPort))
                    .ToDictionary(g => g.Key, g => (IList<PortBinding>)g.Select(HostBinding).ToList()),
                CapAdd = spec.CapAdd.ToList(),
                CapDrop = spec.CapDrop.ToList(),
                AutoRemove = spec.AutoRemove,
                Init = spec.Init,
                Memory = spec.MemoryLimitBytes ?? 0,
                NetworkMode = first?.Network ?? spec.NetworkMode ?? "",
            },
            // API 1.41 attaches only one network at create; the others are connected before the container starts.
            NetworkingConfig = first is null
                ? null
                : new NetworkingConfig
                {
                    EndpointsConfig = new Dictionary<string, EndpointSettings> { [first.Network] = new() { Aliases = first.Aliases.ToList() } },
                },
        };
    }

    /// <summary>A named volume mount; the labels apply when the engine creates the volume for it.</summary>
    public static Mount Volume(VolumeMount volume) => new()
    {
        Type = "volume",
        Source = volume.Volume,
        Target = volume.ContainerPath,
        ReadOnly = false,
        VolumeOptions = new VolumeOptions { Labels = volume.Labels.ToDictionary() },
    };

    private static string TcpPort(int port) => $"{port.ToString(CultureInfo.InvariantCulture)}/tcp";

    // An empty HostPort lets the engine pick a free port.
    private static PortBinding HostBinding(PortPublish p) =>
        new() { HostIP = p.HostIp, HostPort = p.HostPort == 0 ? "" : p.HostPort.ToString(CultureInfo.InvariantCulture) };
}
