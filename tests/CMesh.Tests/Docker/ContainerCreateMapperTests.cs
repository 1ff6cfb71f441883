using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class ContainerCreateMapperTests
{
    internal static readonly ContainerSpec TwoNetworkPeer = new()
    {
        Name = "cmesh-peer-1",
        Image = "cmesh/peer:test",
        Command = ["peer", "--id", "1"],
        Environment = new Dictionary<string, string> { ["PEER_ID"] = "1" },
        Labels = new Dictionary<string, string> { ["cmesh.run"] = "r1" },
        Mounts = [new BindMount("/host/config", "/config", ReadOnly: true), new BindMount("/host/data", "/data", ReadOnly: false)],
        Networks = [new NetworkAttachment("mesh-a", ["peer-1"]), new NetworkAttachment("mesh-b", ["peer-1-b"])],
        Ports = [new PortPublish(7070, "127.0.0.1")],
        CapAdd = ["NET_ADMIN"],
        Init = true,
    };

    [Fact]
    public void The_spec_becomes_the_engines_create_parameters()
    {
        var create = ContainerCreateMapper.ToParameters(TwoNetworkPeer);

        Assert.Equal("cmesh-peer-1", create.Name);
        Assert.Equal("cmesh/peer:test", create.Image);
        Assert.Equal(["peer", "--id", "1"], create.Cmd);
        Assert.Equal(["PEER_ID=1"], create.Env);
        Assert.Equal("r1", create.Labels["cmesh.run"]);
        Assert.Equal(["7070/tcp"], create.ExposedPorts!.Keys);
        var host = create.HostConfig!;
        Assert.Equal(["/host/config:/config:ro", "/host/data:/data:rw"], host.Binds);
        Assert.Equal(["NET_ADMIN"], host.CapAdd);
        Assert.True(host.Init);
        Assert.Equal("mesh-a", host.NetworkMode);
    }

    [Fact]
    public void A_port_is_published_on_the_given_address_with_a_port_the_engine_picks()
    {
        var binding = Assert.Single(ContainerCreateMapper.ToParameters(TwoNetworkPeer).HostConfig!.PortBindings["7070/tcp"]);

        Assert.Equal(("127.0.0.1", ""), (binding.HostIP, binding.HostPort));
    }

    [Fact]
    public void Only_the_first_network_is_attached_at_create_time_with_its_aliases()
    {
        var endpoints = ContainerCreateMapper.ToParameters(TwoNetworkPeer).NetworkingConfig!.EndpointsConfig;

        var only = Assert.Single(endpoints);
        Assert.Equal("mesh-a", only.Key);
        Assert.Equal(["peer-1"], only.Value.Aliases);
    }

    [Fact]
    public void A_network_mode_without_networks_is_sent_as_that_mode()
    {
        var create = ContainerCreateMapper.ToParameters(new ContainerSpec { Name = "chaos", Image = "cmesh/chaos", NetworkMode = "container:c1" });

        Assert.Equal("container:c1", create.HostConfig!.NetworkMode);
        Assert.Null(create.NetworkingConfig);
        Assert.Null(create.Cmd);
    }

    [Fact]
    public void A_named_volume_is_a_volume_mount_beside_the_binds()
    {
        var create = ContainerCreateMapper.ToParameters(TwoNetworkPeer with
        {
            Volumes = [new VolumeMount("cmesh-r1-results", "/results", new Dictionary<string, string> { ["cmesh.run"] = "r1" })],
        });

        var volume = Assert.Single(create.HostConfig!.Mounts!);
        Assert.Equal(("volume", "cmesh-r1-results", "/results"), (volume.Type, volume.Source, volume.Target));
        Assert.Equal(2, create.HostConfig.Binds!.Count);
    }

    [Fact]
    public void Without_volumes_no_mount_is_sent()
    {
        Assert.Null(ContainerCreateMapper.ToParameters(TwoNetworkPeer).HostConfig!.Mounts);
    }
}
