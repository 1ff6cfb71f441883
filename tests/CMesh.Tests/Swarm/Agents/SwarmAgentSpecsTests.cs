using CMesh.Common.Contracts;
using CMesh.Docker.Engine;
using CMesh.Docker.Images;
using CMesh.Docker.Mesh;
using CMesh.Docker.Swarm;
using CMesh.Tests.Docker;

namespace CMesh.Tests.Swarm.Agents;

/// <summary>Which nodes get the run's agent, what it is, and that only the coordinator joins it.</summary>
public sealed class SwarmAgentSpecsTests
{
    private static readonly RunRequest Request = new(
        "r1", new TestPlan(3, 1000, 16, 2, 4, 1000, 5000, null), new MeshImageSet("base", "id", "cmesh-coordinator:c", "cmesh-peer:p", null),
        "/work/results/r1", new Dictionary<string, string>(), 8, TimeSpan.FromMinutes(1));

    private static readonly SwarmNode Manager = new("m1", "vm", "manager", "active", "ready", "10.213.0.1", 2_000_000_000, 1L << 30, new Dictionary<string, string>(), true, "20.10.24");

    private static readonly SwarmNode Worker = new("w2", "cmesh-n2", "worker", "active", "ready", "10.213.0.12", 2_000_000_000, 1L << 30, new Dictionary<string, string>(), false, "20.10.24");

    private static readonly ServiceSecret Token = new("sec2", "cmesh-r1-agent_token", "agent_token", 0, 0, UnixFileMode.UserRead);

    private const string ManagerAndUnlabelledWorker = """
        [{"ID":"m1","Spec":{"Labels":{},"Role":"manager","Availability":"active"},
          "Description":{"Hostname":"vm","Resources":{"NanoCPUs":2000000000,"MemoryBytes":25275289600},"Engine":{"EngineVersion":"20.10.24"}},
          "Status":{"State":"ready","Addr":"10.213.0.1"},"ManagerStatus":{"Leader":true,"Reachability":"reachable","Addr":"10.213.0.1:2377"}},
         {"ID":"w2","Spec":{"Labels":{},"Role":"worker","Availability":"active"},
          "Description":{"Hostname":"cmesh-n2","Resources":{"NanoCPUs":2000000000,"MemoryBytes":25275289600},"Engine":{"EngineVersion":"20.10.24"}},
          "Status":{"State":"ready","Addr":"10.213.0.12"}},
         {"ID":"w3","Spec":{"Labels":{"cmesh.engine":"tcp://10.213.0.13:2376"},"Role":"worker","Availability":"active"},
          "Description":{"Hostname":"cmesh-n3","Resources":{"NanoCPUs":2000000000,"MemoryBytes":25275289600},"Engine":{"EngineVersion":"20.10.24"}},
          "Status":{"State":"ready","Addr":"10.213.0.13"}}]
        """;

    private static FakeEngineHandler Engine() => new(request => request.Path switch
    {
        "/info" => FakeEngineHandler.Json("""{"Swarm":{"NodeID":"m1","NodeAddr":"10.213.0.1","LocalNodeState":"active","ControlAvailable":true,"Error":""}}"""),
        "/nodes" => FakeEngineHandler.Json(ManagerAndUnlabelledWorker),
        _ => FakeEngineHandler.Status(System.Net.HttpStatusCode.NotFound),
    });

    [Fact]
    public async Task A_node_without_an_engine_label_is_refused_without_a_registry_in_one_line()
    {
        using var client = FakeEngine.Client(Engine());

        var error = await Assert.ThrowsAsync<SwarmPlacementException>(() => SwarmLayout.PlanAsync(client, ["peer-1", "peer-2", "peer-3"], null, withRegistry: false, CancellationToken.None));

        Assert.StartsWith("node cmesh-n2 has no cmesh.engine label, so its engine cannot be given the images: set CMESH_REGISTRY", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task With_a_registry_a_node_without_an_engine_label_is_reached_through_the_agent_and_the_others_directly()
    {
        using var client = FakeEngine.Client(Engine());

        var layout = await SwarmLayout.PlanAsync(client, ["peer-1", "peer-2", "peer-3"], null, withRegistry: true, CancellationToken.None);

        Assert.Equal(NodeEndpoints.Agent, layout.Endpoints["w2"]);
        Assert.Equal(NodeEndpoints.Local, layout.Endpoints["m1"]);
        Assert.Equal("tcp://10.213.0.13:2376", layout.Endpoints["w3"]);
        Assert.Equal(["w2"], layout.AgentNodes.Select(n => n.Id));
        Assert.Equal(["m1", "w3"], layout.DirectNodeIds);
    }

    [Fact]
    public void The_agent_is_a_global_service_of_the_coordinator_image_kept_off_the_nodes_reached_directly_with_its_node_s_engine_socket()
    {
        var agent = SwarmSpecs.Agent(Request, ["m1", "w3"], "/run/docker-{{.Node.Hostname}}.sock");

        Assert.Equal("cmesh-r1-agent", agent.Name);
        Assert.True(agent.Global);
        Assert.Equal("cmesh-coordinator:c", agent.Image);
        Assert.Equal(["agent"], agent.Command);
        Assert.Equal(["node.id!=m1", "node.id!=w3"], agent.Constraints);
        var socket = Assert.Single(agent.Mounts);
        Assert.Equal(("/run/docker-{{.Node.Hostname}}.sock", "/var/run/docker.sock", false), (socket.HostPath, socket.ContainerPath, socket.ReadOnly));
        var network = Assert.Single(agent.Networks);
        Assert.Equal(("cmesh-r1-agents", "agent"), (network.Network, Assert.Single(network.Aliases)));
        Assert.Equal(["ALL"], agent.CapDrop);
        Assert.Empty(agent.CapAdd);
        Assert.Empty(agent.Secrets);
        Assert.Empty(agent.Ports);
        Assert.Equal(new Dictionary<string, string> { [MeshLabels.Managed] = "true", [MeshLabels.Run] = "r1", [MeshLabels.Role] = MeshLabels.AgentRole }, agent.Labels);
    }

    [Fact]
    public void Only_the_coordinator_joins_the_agents_network_and_gets_the_token_and_that_network_is_internal_and_the_run_s()
    {
        var coordinator = SwarmSpecs.WithAgents(SwarmSpecs.Coordinator(Request, [], Manager), "r1", Token);
        var peer = SwarmSpecs.Peer(Request, "peer-2", "10.214.1.0/24", [], Worker, onCliNode: false);
        var network = SwarmSpecs.AgentsNetwork("r1");

        Assert.Contains(coordinator.Networks, n => n.Network == "cmesh-r1-agents");
        Assert.Equal([Token], coordinator.Secrets);
        Assert.DoesNotContain(peer.Networks, n => n.Network == "cmesh-r1-agents");
        Assert.Empty(peer.Secrets);
        Assert.Equal(("cmesh-r1-agents", "overlay", true), (network.Name, network.Driver, network.Internal));
        Assert.Equal(MeshLabels.ForRun("r1"), network.Labels);
    }
}
