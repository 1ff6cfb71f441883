using Docker.DotNet.Models;
using ApiServiceSpec = Docker.DotNet.Models.ServiceSpec;
using ApiContainerSpec = Docker.DotNet.Models.ContainerSpec;

namespace CMesh.Docker.Engine;

/// <summary>Turns a <see cref="ServiceSpec"/> into the engine's create-service parameters.</summary>
internal static class ServiceCreateMapper
{
    public static ServiceCreateParameters ToParameters(ServiceSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spec.Replicas);
        return new ServiceCreateParameters
        {
            Service = new ApiServiceSpec
            {
                Name = spec.Name,
                Labels = spec.Labels.ToDictionary(),
                Mode = spec.Global ? new ServiceMode { Global = new GlobalService() } : new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)spec.Replicas } },
                // VIP mode needs IPVS in the kernel of every node; DNS round robin needs nothing, and CMesh publishes no port.
                // Ports in host mode only: ingress (the routing mesh) needs VIP mode.
                EndpointSpec = new EndpointSpec
                {
                    Mode = "dnsrr",
                    Ports = spec.Ports.Count == 0
                        ? null!
                        : spec.Ports.Select(p => new PortConfig { Protocol = "tcp", TargetPort = (uint)p.ContainerPort, PublishedPort = (uint)p.PublishedPort, PublishMode = "host" }).ToList(),
                },
                TaskTemplate = new TaskSpec
                {
                    ContainerSpec = Container(spec),
                    Networks = spec.Networks.Select(n => new NetworkAttachmentConfig { Target = n.Network, Aliases = n.Aliases.ToList() }).ToList(),
                    Placement = new Placement
                    {
                        Constraints = spec.Constraints.ToList(),
                        Preferences = spec.SpreadOver.Select(over => new PlacementPreference { Spread = new SpreadOver { SpreadDescriptor = over } }).ToList(),
                        MaxReplicas = spec.MaxReplicasPerNode is { } max ? (ulong)max : null,
                    },
                    RestartPolicy = new SwarmRestartPolicy
                    {
                        Condition = spec.Restart.Condition,
                        MaxAttempts = spec.Restart.MaxAttempts is { } attempts ? (ulong)attempts : null,
                    },
                    Resources = spec.MemoryLimitBytes is { } memory ? new ResourceRequirements { Limits = new SwarmLimit { MemoryBytes = memory } } : null,
                },
            },
        };
    }

    private static ApiContainerSpec Container(ServiceSpec spec) => new()
    {
        Image = spec.Image,
        // Args: what follows the image's entrypoint, as a container's Cmd (a service's Command would replace the entrypoint).
        Args = spec.Command?.ToList()!, // null: the image's own command
        Env = spec.Environment.Select(e => $"{e.Key}={e.Value}").ToList(),
        Labels = spec.Labels.ToDictionary(),
        Hostname = spec.Hostname!,
        Mounts = spec.Mounts.Select(m => new Mount { Type = "bind", Source = m.HostPath, Target = m.ContainerPath, ReadOnly = m.ReadOnly })
            .Concat(spec.Volumes.Select(ContainerCreateMapper.Volume))
            .ToList(),
        Secrets = spec.Secrets.Count == 0 ? null! : spec.Secrets.Select(Secret).ToList(),
        // Capabilities in a service's containers came with API 1.41 (Docker 20.10); older engines ignore them.
        CapabilityAdd = spec.CapAdd.Count > 0 ? spec.CapAdd.ToList() : null!,
        CapabilityDrop = spec.CapDrop.Count > 0 ? spec.CapDrop.ToList() : null!,
        Init = spec.Init ? true : null,
        StopGracePeriod = spec.StopGracePeriod,
    };

    private static SecretReference Secret(ServiceSecret secret) => new()
    {
        SecretID = secret.SecretId,
        SecretName = secret.SecretName,
        File = new SecretReferenceFileTarget
        {
            Name = secret.FileName,
            UID = secret.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            GID = secret.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Mode = (uint)secret.Mode,
        },
    };
}
