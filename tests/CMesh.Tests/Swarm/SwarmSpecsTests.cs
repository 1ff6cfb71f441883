using CMesh.Common.Contracts;
using CMesh.Docker.Engine;
using CMesh.Docker.Images;
using CMesh.Docker.Mesh;
using CMesh.Docker.Swarm;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Tests.Swarm;

public sealed class SwarmSpecsTests
{
    private static readonly RunRequest Request = new(
        "r1", new TestPlan(3, 1000, 16, 2, 4, 1000, 5000, null), new MeshImageSet("base", "id", "cmesh-coordinator:c", "cmesh-peer:p", null),
        "/work/results/r1", new Dictionary<string, string>(), 8, TimeSpan.FromMinutes(1));

    private static readonly IReadOnlyList<BindMount> Mounts =
        [new BindMount("/work/results/r1", Env.ResultsPath, ReadOnly: false), new BindMount("/run/cmesh/r1", Env.SecretsPath, ReadOnly: true)];

    private static readonly SwarmNode Manager = new("m1", "vm", "manager", "active", "ready", "10.213.0.1", 2_000_000_000, 1L << 30, new Dictionary<string, string>(), true, "20.10.24");

    private static readonly SwarmNode Worker = new("w2", "cmesh-n2", "worker", "active", "ready", "10.213.0.12", 2_000_000_000, 1L << 30, new Dictionary<string, string>(), false, "20.10.24");

    [Fact]
    public void A_peers_service_is_the_local_peer_container_as_one_task_pinned_to_its_node_and_never_restarted()
    {
        var local = MeshSpecs.Peer(Request, "peer-2", "10.214.1.0/24", Mounts);

        var service = SwarmSpecs.Peer(Request, "peer-2", "10.214.1.0/24", Mounts, Worker);

        Assert.Equal("cmesh-r1-peer-2", service.Name);
        Assert.Equal("peer-2", service.Hostname);
        Assert.Equal(local.Image, service.Image);
        Assert.Equal(local.Environment, service.Environment);
        Assert.Equal(new Dictionary<string, string>(local.Labels) { [MeshLabels.Node] = "cmesh-n2" }, service.Labels);
        Assert.Equal("peer-2", service.Labels[MeshLabels.Peer]);
        Assert.Equal(Mounts, service.Mounts);
        Assert.Equal(
            [("cmesh-r1-control", "peer-2"), ("cmesh-r1-data", "peer-2")],
            service.Networks.Select(n => (n.Network, Assert.Single(n.Aliases))));
        Assert.Equal(["node.id==w2"], service.Constraints);
        Assert.Equal(1, service.Replicas);
        Assert.Equal(ServiceRestartPolicy.None, service.Restart);
        Assert.Equal(["ALL"], service.CapDrop);
        Assert.Empty(service.Ports);
    }

    [Fact]
    public void The_coordinator_runs_on_the_managers_own_node_with_its_api_port_published_in_host_mode()
    {
        var service = SwarmSpecs.Coordinator(Request, Mounts, Manager);

        Assert.Equal("cmesh-r1-coordinator", service.Name);
        Assert.Equal("cmesh-coordinator:c", service.Image);
        Assert.Equal(["node.role==manager", "node.id==m1"], service.Constraints);
        Assert.Equal([new ServicePort(Env.CoordinatorPort)], service.Ports);
        Assert.Equal([Env.CoordinatorAlias], Assert.Single(service.Networks).Aliases);
        Assert.Equal(MeshLabels.CoordinatorRole, service.Labels[MeshLabels.Role]);
        Assert.Equal("vm", service.Labels[MeshLabels.Node]);
        Assert.Equal(ServiceRestartPolicy.None, service.Restart);
    }

    [Fact]
    public void The_networks_are_attachable_overlays_named_and_labelled_as_locally_the_data_one_internal()
    {
        var control = SwarmSpecs.ControlNetwork("r1");
        var data = SwarmSpecs.DataNetwork("r1");

        Assert.Equal(("cmesh-r1-control", "overlay", true, false), (control.Name, control.Driver, control.Attachable, control.Internal));
        Assert.Equal(("cmesh-r1-data", "overlay", true, true), (data.Name, data.Driver, data.Attachable, data.Internal));
        Assert.Equal(MeshLabels.ForRun("r1"), data.Labels);
    }
}
