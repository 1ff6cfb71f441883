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

    private static readonly IReadOnlyList<ServiceSecret> Secrets = [new ServiceSecret("sec1", "cmesh-r1-swarm_key", "swarm_key", 0, 0, UnixFileMode.UserRead)];

    private static readonly SwarmNode Manager = new("m1", "vm", "manager", "active", "ready", "10.213.0.1", 2_000_000_000, 1L << 30, new Dictionary<string, string>(), true, "20.10.24");

    private static readonly SwarmNode Worker = new("w2", "cmesh-n2", "worker", "active", "ready", "10.213.0.12", 2_000_000_000, 1L << 30, new Dictionary<string, string>(), false, "20.10.24");

    [Fact]
    public void A_peers_service_is_the_local_peer_container_as_one_task_pinned_to_its_node_and_never_restarted()
    {
        var local = MeshSpecs.Peer(Request, "peer-2", "10.214.1.0/24", []);

        var service = SwarmSpecs.Peer(Request, "peer-2", "10.214.1.0/24", Secrets, Worker, onCliNode: false);

        Assert.Equal("cmesh-r1-peer-2", service.Name);
        Assert.Equal("peer-2", service.Hostname);
        Assert.Equal(local.Image, service.Image);
        Assert.Equal(local.Environment, service.Environment);
        Assert.Equal(new Dictionary<string, string>(local.Labels) { [MeshLabels.Node] = "cmesh-n2" }, service.Labels);
        Assert.Equal("peer-2", service.Labels[MeshLabels.Peer]);
        Assert.Equal(Secrets, service.Secrets);
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
        var service = SwarmSpecs.Coordinator(Request, Secrets, Manager);

        Assert.Equal("cmesh-r1-coordinator", service.Name);
        Assert.Equal("cmesh-coordinator:c", service.Image);
        Assert.Equal(["node.role==manager", "node.id==m1"], service.Constraints);
        Assert.Equal([new ServicePort(Env.CoordinatorPort)], service.Ports);
        Assert.Equal([Env.CoordinatorAlias], Assert.Single(service.Networks).Aliases);
        Assert.Equal(MeshLabels.CoordinatorRole, service.Labels[MeshLabels.Role]);
        Assert.Equal("vm", service.Labels[MeshLabels.Node]);
        Assert.Equal(ServiceRestartPolicy.None, service.Restart);
        Assert.Equal([new BindMount("/work/results/r1", Env.ResultsPath, ReadOnly: false)], service.Mounts);
        Assert.Empty(service.Volumes);
        Assert.Equal(Secrets, service.Secrets);
    }

    [Fact]
    public void A_peer_on_another_node_writes_to_the_runs_results_volume_there_and_never_binds_a_host_path()
    {
        var service = SwarmSpecs.Peer(Request, "peer-2", "10.214.1.0/24", Secrets, Worker, onCliNode: false);

        Assert.Empty(service.Mounts);
        var volume = Assert.Single(service.Volumes);
        Assert.Equal(("cmesh-r1-results", Env.ResultsPath), (volume.Volume, volume.ContainerPath));
        Assert.Equal(
            new Dictionary<string, string> { [MeshLabels.Managed] = "true", [MeshLabels.Run] = "r1", [MeshLabels.Results] = "/work/results/r1" },
            volume.Labels);
    }

    [Fact]
    public void A_peer_on_the_clis_own_node_binds_the_results_folder_and_no_secret_folder()
    {
        var service = SwarmSpecs.Peer(Request, "peer-1", "10.214.1.0/24", Secrets, Worker, onCliNode: true);

        Assert.Equal([new BindMount("/work/results/r1", Env.ResultsPath, ReadOnly: false)], service.Mounts);
        Assert.Empty(service.Volumes);
        Assert.Equal(Secrets, service.Secrets);
    }

    [Fact]
    public void Swarm_secrets_land_where_the_processes_read_secrets()
    {
        // The swarm puts a secret whose target is a file name under /run/secrets; the processes read Env.SecretsPath.
        Assert.Equal(SwarmSecrets.MountPath, Env.SecretsPath);
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
