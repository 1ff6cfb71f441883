using CMesh.Docker.Engine;
using CreateContainerParameters = Docker.DotNet.Models.CreateContainerParameters;
using PortBinding = Docker.DotNet.Models.PortBinding;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace CMesh.Testing;

/// <summary>
/// Turns CMesh's own specs (<see cref="CMesh.Docker.Mesh.MeshSpecs"/>) into Testcontainers builders, so names,
/// labels, environment, mounts, networks and aliases have one source.
/// </summary>
internal static class TestcontainersSpecs
{
    public static NetworkBuilder Network(NetworkSpec spec) => new NetworkBuilder()
        .WithName(spec.Name)
        .WithDriver(spec.Driver == "bridge" ? NetworkDriver.Bridge : throw new NotSupportedException($"network driver {spec.Driver}"))
        .WithLabel(spec.Labels)
        .WithCreateParameterModifier(parameters => parameters.Internal = spec.Internal)
        .WithCleanUp(false);

    /// <summary>
    /// For a container on one network: Testcontainers attaches every network at create time, which API 1.41
    /// refuses for more than one, and gives each network the same aliases.
    /// </summary>
    public static ContainerBuilder Container(ContainerSpec spec)
    {
        if (spec.Networks.Count > 1 || spec.NetworkMode is not null)
        {
            throw new NotSupportedException($"{spec.Name}: Testcontainers starts containers on one network here; peers go through CMesh's launcher");
        }

        var builder = new ContainerBuilder(spec.Image)
            .WithName(spec.Name)
            .WithEnvironment(spec.Environment)
            .WithLabel(spec.Labels)
            .WithAutoRemove(spec.AutoRemove)
            .WithCleanUp(false)
            .WithCreateParameterModifier(parameters => Complete(parameters, spec));
        if (spec.Hostname is { } hostname)
        {
            builder = builder.WithHostname(hostname);
        }

        if (spec.Command is { } command)
        {
            builder = builder.WithCommand([.. command]);
        }

        foreach (var mount in spec.Mounts)
        {
            builder = builder.WithBindMount(mount.HostPath, mount.ContainerPath, mount.ReadOnly ? AccessMode.ReadOnly : AccessMode.ReadWrite);
        }

        foreach (var network in spec.Networks)
        {
            builder = builder.WithNetwork(network.Network).WithNetworkAliases([.. network.Aliases]);
        }

        foreach (var port in spec.Ports)
        {
            builder = builder.WithPortBinding(port.ContainerPort, assignRandomHostPort: port.HostPort == 0);
        }

        return builder;
    }

    /// <summary>What Testcontainers' builder has no method for: capabilities, init, memory, and the host address a port is published on.</summary>
    private static void Complete(CreateContainerParameters parameters, ContainerSpec spec)
    {
        parameters.HostConfig ??= new();
        parameters.HostConfig.CapAdd = [.. spec.CapAdd];
        parameters.HostConfig.CapDrop = [.. spec.CapDrop];
        parameters.HostConfig.Init = spec.Init;
        parameters.HostConfig.Memory = spec.MemoryLimitBytes ?? 0;
        var bindings = parameters.HostConfig.PortBindings ?? new Dictionary<string, IList<PortBinding>>();
        foreach (var port in spec.Ports)
        {
            foreach (var binding in bindings.Where(b => b.Key.StartsWith($"{port.ContainerPort}/", StringComparison.Ordinal)).SelectMany(b => b.Value))
            {
                binding.HostIP = port.HostIp;
            }
        }
    }
}
