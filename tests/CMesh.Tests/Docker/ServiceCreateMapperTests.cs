using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class ServiceCreateMapperTests
{
    private static readonly ServiceSpec Peer = new()
    {
        Name = "cmesh-r1-peer-3",
        Image = "cmesh-peer:abc",
        Command = ["peer"],
        Environment = new Dictionary<string, string> { ["CMESH_PEER_ID"] = "peer-3" },
        Labels = new Dictionary<string, string> { ["cmesh.managed"] = "true", ["cmesh.run"] = "r1" },
        Mounts = [new BindMount("/var/lib/cmesh/r1", "/results", ReadOnly: false)],
        Networks = [new NetworkAttachment("cmesh-r1-control", ["peer-3"]), new NetworkAttachment("cmesh-r1-data", ["peer-3"])],
        Constraints = ["node.role==worker"],
        SpreadOver = ["node.id"],
        MaxReplicasPerNode = 1,
        Restart = ServiceRestartPolicy.OnFailure(2),
        CapAdd = ["NET_ADMIN"],
        Init = true,
        MemoryLimitBytes = 256 * 1024 * 1024,
    };

    [Fact]
    public void The_spec_becomes_a_replicated_service_in_dns_round_robin_mode()
    {
        var service = ServiceCreateMapper.ToParameters(Peer).Service!;

        Assert.Equal("cmesh-r1-peer-3", service.Name);
        Assert.Equal(1UL, service.Mode!.Replicated!.Replicas);
        Assert.Equal("dnsrr", service.EndpointSpec!.Mode);
        Assert.Equal("r1", service.Labels!["cmesh.run"]);
    }

    [Fact]
    public void The_tasks_containers_carry_the_image_command_environment_and_the_same_labels()
    {
        var container = ServiceCreateMapper.ToParameters(Peer).Service!.TaskTemplate!.ContainerSpec!;

        Assert.Equal("cmesh-peer:abc", container.Image);
        Assert.Equal(["peer"], container.Args);
        Assert.Equal(["CMESH_PEER_ID=peer-3"], container.Env);
        Assert.Equal("true", container.Labels!["cmesh.managed"]);
        Assert.Equal(["NET_ADMIN"], container.CapabilityAdd);
        Assert.Null(container.CapabilityDrop);
        Assert.True(container.Init);
        var mount = Assert.Single(container.Mounts!);
        Assert.Equal(("bind", "/var/lib/cmesh/r1", "/results", false), (mount.Type, mount.Source, mount.Target, mount.ReadOnly!.Value));
    }

    [Fact]
    public void Every_network_is_attached_with_its_aliases()
    {
        var networks = ServiceCreateMapper.ToParameters(Peer).Service!.TaskTemplate!.Networks!;

        Assert.Equal(["cmesh-r1-control", "cmesh-r1-data"], networks.Select(n => n.Target));
        Assert.All(networks, n => Assert.Equal(["peer-3"], n.Aliases));
    }

    [Fact]
    public void Placement_has_the_constraints_the_spread_and_the_most_tasks_per_node()
    {
        var placement = ServiceCreateMapper.ToParameters(Peer).Service!.TaskTemplate!.Placement!;

        Assert.Equal(["node.role==worker"], placement.Constraints);
        Assert.Equal("node.id", Assert.Single(placement.Preferences!).Spread!.SpreadDescriptor);
        Assert.Equal(1UL, placement.MaxReplicas);
    }

    [Fact]
    public void A_task_that_fails_is_restarted_at_most_the_given_times_and_the_memory_is_limited()
    {
        var task = ServiceCreateMapper.ToParameters(Peer).Service!.TaskTemplate!;

        Assert.Equal(("on-failure", 2UL), (task.RestartPolicy!.Condition, task.RestartPolicy.MaxAttempts!.Value));
        Assert.Equal(256L * 1024 * 1024, task.Resources!.Limits!.MemoryBytes);
    }

    [Fact]
    public void By_default_a_task_is_never_restarted_nor_limited_and_goes_anywhere()
    {
        var task = ServiceCreateMapper.ToParameters(new ServiceSpec { Name = "s", Image = "i" }).Service!.TaskTemplate!;

        Assert.Equal("none", task.RestartPolicy!.Condition);
        Assert.Null(task.RestartPolicy.MaxAttempts);
        Assert.Null(task.Resources);
        Assert.Null(task.Placement!.MaxReplicas);
        Assert.Empty(task.Placement.Constraints!);
        Assert.Null(task.ContainerSpec!.Args);
    }

    [Fact]
    public void A_published_port_goes_in_host_mode_beside_dns_round_robin()
    {
        var endpoint = ServiceCreateMapper.ToParameters(Peer with { Ports = [new ServicePort(7070)] }).Service!.EndpointSpec!;

        var port = Assert.Single(endpoint.Ports!);
        Assert.Equal(("dnsrr", "tcp", 7070u, 0u, "host"), (endpoint.Mode, port.Protocol, port.TargetPort, port.PublishedPort, port.PublishMode));
    }

    [Fact]
    public void Without_ports_the_endpoint_publishes_none()
    {
        Assert.Null(ServiceCreateMapper.ToParameters(Peer).Service!.EndpointSpec!.Ports);
    }

    [Fact]
    public void A_named_volume_is_mounted_beside_the_binds_and_created_with_its_labels()
    {
        var labels = new Dictionary<string, string> { ["cmesh.run"] = "r1", ["cmesh.results"] = "/work/results/r1" };
        var container = ServiceCreateMapper.ToParameters(Peer with { Volumes = [new VolumeMount("cmesh-r1-results", "/results", labels)] })
            .Service!.TaskTemplate!.ContainerSpec!;

        var volume = container.Mounts!.Single(m => m.Type == "volume");
        Assert.Equal(("cmesh-r1-results", "/results", false), (volume.Source, volume.Target, volume.ReadOnly!.Value));
        Assert.Equal(labels, volume.VolumeOptions!.Labels);
        Assert.Equal("bind", Assert.Single(container.Mounts!, m => m.Type != "volume").Type);
    }

    [Fact]
    public void A_secret_becomes_a_file_owned_by_the_given_uid_readable_by_it_alone()
    {
        var container = ServiceCreateMapper.ToParameters(Peer with { Secrets = [new ServiceSecret("x1", "cmesh-r1-swarm_key", "swarm_key", 0, 0, UnixFileMode.UserRead)] })
            .Service!.TaskTemplate!.ContainerSpec!;

        var secret = Assert.Single(container.Secrets!);
        Assert.Equal(("x1", "cmesh-r1-swarm_key"), (secret.SecretID, secret.SecretName));
        Assert.Equal(("swarm_key", "0", "0", Convert.ToUInt32("400", 8)), (secret.File!.Name, secret.File.UID, secret.File.GID, secret.File.Mode));
        Assert.DoesNotContain(container.Env!, e => e.StartsWith("swarm_key", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_secrets_none_is_sent()
    {
        Assert.Null(ServiceCreateMapper.ToParameters(Peer).Service!.TaskTemplate!.ContainerSpec!.Secrets);
    }
}
