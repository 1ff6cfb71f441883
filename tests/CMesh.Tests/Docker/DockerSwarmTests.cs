using System.Net;
using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerSwarmTests
{
    private const string ThreeNodes = """
        [{"ID":"m1","Spec":{"Labels":{},"Role":"manager","Availability":"active"},
          "Description":{"Hostname":"vm","Resources":{"NanoCPUs":2000000000,"MemoryBytes":25275289600},"Engine":{"EngineVersion":"20.10.24"}},
          "Status":{"State":"ready","Addr":"10.213.0.1"},"ManagerStatus":{"Leader":true,"Reachability":"reachable","Addr":"10.213.0.1:2377"}},
         {"ID":"w2","Spec":{"Labels":{"cmesh.engine":"unix:///run/docker-cmesh-n2.sock"},"Role":"worker","Availability":"drain"},
          "Description":{"Hostname":"cmesh-n2","Resources":{"NanoCPUs":2000000000,"MemoryBytes":25275289600},"Engine":{"EngineVersion":"20.10.24"}},
          "Status":{"State":"down","Addr":"10.213.0.12"}}]
        """;

    [Fact]
    public async Task An_engine_outside_a_swarm_is_inactive_and_no_manager()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"ID":"e","Swarm":{"NodeID":"","NodeAddr":"","LocalNodeState":"inactive","ControlAvailable":false,"Error":""}}"""));
        using var client = FakeEngine.Client(engine);

        var membership = await client.Swarm.MembershipAsync(CancellationToken.None);

        Assert.Equal("/info", engine.Requests[0].Path);
        Assert.Equal(("inactive", false, false), (membership.State, membership.IsActive, membership.IsManager));
    }

    [Fact]
    public async Task A_manager_reports_its_node_id_and_address()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"Swarm":{"NodeID":"m1","NodeAddr":"10.213.0.1","LocalNodeState":"active","ControlAvailable":true,"Error":""}}"""));
        using var client = FakeEngine.Client(engine);

        var membership = await client.Swarm.MembershipAsync(CancellationToken.None);

        Assert.Equal(new SwarmMembership("active", "m1", "10.213.0.1", IsManager: true, ""), membership);
        Assert.True(membership.IsActive);
    }

    [Fact]
    public async Task Nodes_are_mapped_with_role_state_address_resources_and_labels()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(ThreeNodes));
        using var client = FakeEngine.Client(engine);

        var nodes = await client.Swarm.NodesAsync(CancellationToken.None);

        Assert.Equal("/nodes", engine.Requests[0].Path);
        var none = new Dictionary<string, string>();
        Assert.Equal(
            new SwarmNode("m1", "vm", "manager", "active", "ready", "10.213.0.1", 2_000_000_000, 25275289600, none, IsLeader: true, "20.10.24"),
            nodes[0] with { Labels = none });
        Assert.Equal(2.0, nodes[0].Cpus);
        Assert.True(nodes[0].Schedulable);
        Assert.Equal(("worker", "drain", "down", false), (nodes[1].Role, nodes[1].Availability, nodes[1].State, nodes[1].Schedulable));
        Assert.Equal("unix:///run/docker-cmesh-n2.sock", nodes[1].Labels["cmesh.engine"]);
    }

    [Fact]
    public async Task Creating_a_service_posts_its_spec_and_returns_its_id()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"ID":"s1","Warnings":null}""", HttpStatusCode.Created));
        using var client = FakeEngine.Client(engine);

        var id = await client.Swarm.CreateServiceAsync(
            new ServiceSpec { Name = "cmesh-r1-peer-1", Image = "cmesh-peer:abc", Replicas = 1, CapAdd = ["NET_ADMIN"] }, login: null, CancellationToken.None);

        Assert.Equal("s1", id);
        Assert.Null(engine.Requests[0].RegistryAuth);
        var create = engine.Requests[0];
        Assert.Equal((HttpMethod.Post, "/services/create"), (create.Method, create.Path));
        Assert.Equal("dnsrr", create.Json.GetProperty("EndpointSpec").GetProperty("Mode").GetString());
        Assert.Equal("NET_ADMIN", create.Json.GetProperty("TaskTemplate").GetProperty("ContainerSpec").GetProperty("CapabilityAdd")[0].GetString());
    }

    [Fact]
    public async Task A_service_created_with_a_login_hands_it_to_the_nodes_for_their_pulls()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"ID":"s1","Warnings":null}""", HttpStatusCode.Created));
        using var client = FakeEngine.Client(engine);

        await client.Swarm.CreateServiceAsync(
            new ServiceSpec { Name = "cmesh-r1-peer-1", Image = "10.213.0.1:5043/cmesh-peer:abc", Replicas = 1 }, new RegistryLogin("10.213.0.1:5043", "tester", "s3cret"), CancellationToken.None);

        var auth = engine.Requests[0].RegistryAuth!.Value;
        Assert.Equal(("tester", "s3cret"), (auth.GetProperty("username").GetString(), auth.GetProperty("password").GetString()));
    }

    [Fact]
    public async Task A_forced_update_posts_the_services_own_spec_at_its_version_with_the_force_counter_one_up()
    {
        var engine = new FakeEngineHandler(r => r.Method == HttpMethod.Get
            ? FakeEngineHandler.Json("""
                {"ID":"s1","Version":{"Index":41},"Spec":{"Name":"cmesh-r1-peer-2","Labels":{"cmesh.run":"r1"},
                 "TaskTemplate":{"ContainerSpec":{"Image":"cmesh-peer:abc"},"ForceUpdate":2},"Mode":{"Replicated":{"Replicas":1}}}}
                """)
            : FakeEngineHandler.Json("""{"Warnings":null}"""));
        using var client = FakeEngine.Client(engine);

        await client.Swarm.ForceUpdateServiceAsync("cmesh-r1-peer-2", CancellationToken.None);

        var update = engine.Requests[1];
        Assert.Equal((HttpMethod.Post, "/services/s1/update", "41"), (update.Method, update.Path, update.Query["version"]));
        Assert.Equal(3, update.Json.GetProperty("TaskTemplate").GetProperty("ForceUpdate").GetInt32());
        Assert.Equal("cmesh-peer:abc", update.Json.GetProperty("TaskTemplate").GetProperty("ContainerSpec").GetProperty("Image").GetString());
        Assert.Equal("r1", update.Json.GetProperty("Labels").GetProperty("cmesh.run").GetString());
    }

    [Fact]
    public async Task Services_are_listed_by_label()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""
            [{"ID":"s1","CreatedAt":"2026-11-28T21:00:00Z","Spec":{"Name":"cmesh-r1-peer-1","Labels":{"cmesh.run":"r1"},
              "TaskTemplate":{"ContainerSpec":{"Image":"cmesh-peer:abc"}},"Mode":{"Replicated":{"Replicas":1}}}}]
            """));
        using var client = FakeEngine.Client(engine);

        var services = await client.Swarm.ListServicesAsync(new Dictionary<string, string> { ["cmesh.run"] = "r1" }, CancellationToken.None);

        Assert.Contains("cmesh.run=r1", engine.Requests[0].Query["filters"]);
        var service = Assert.Single(services);
        Assert.Equal(("s1", "cmesh-r1-peer-1", "cmesh-peer:abc", 1), (service.Id, service.Name, service.Image, service.Replicas!.Value));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 21, 0, 0, TimeSpan.Zero), service.CreatedAt);
    }

    [Fact]
    public async Task Tasks_are_listed_by_service_with_node_states_error_container_and_addresses()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""
            [{"ID":"t1","ServiceID":"s1","Slot":1,"NodeID":"w2","DesiredState":"running",
              "Status":{"Timestamp":"2026-11-28T21:00:01Z","State":"running","Message":"started","ContainerStatus":{"ContainerID":"c1","PID":42,"ExitCode":0}},
              "NetworksAttachments":[{"Network":{"ID":"n1","Spec":{"Name":"cmesh-r1-data"}},"Addresses":["10.214.1.5/24"]}]},
             {"ID":"t0","ServiceID":"s1","Slot":1,"NodeID":"","DesiredState":"shutdown",
              "Status":{"State":"rejected","Message":"preparing","Err":"No such image: cmesh-peer:abc"}}]
            """));
        using var client = FakeEngine.Client(engine);

        var tasks = await client.Swarm.ListTasksAsync(["s1"], CancellationToken.None);

        Assert.Equal("/tasks", engine.Requests[0].Path);
        Assert.Contains("\"service\":{\"s1\":true}", engine.Requests[0].Query["filters"]);
        Assert.Equal(("w2", "running", "running", "c1", 0L), (tasks[0].NodeId, tasks[0].State, tasks[0].DesiredState, tasks[0].ContainerId, tasks[0].ExitCode!.Value));
        Assert.Equal("10.214.1.5/24", tasks[0].Addresses["cmesh-r1-data"]);
        Assert.Equal(("rejected", "shutdown", "No such image: cmesh-peer:abc", ""), (tasks[1].State, tasks[1].DesiredState, tasks[1].Error, tasks[1].ContainerId));
        Assert.Null(tasks[1].ExitCode);
    }

    [Fact]
    public async Task Without_services_every_task_is_listed()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("[]"));
        using var client = FakeEngine.Client(engine);

        Assert.Empty(await client.Swarm.ListTasksAsync([], CancellationToken.None));
        Assert.False(engine.Requests[0].Query.ContainsKey("filters"));
    }

    [Fact]
    public async Task Removing_a_service_that_is_already_gone_is_not_an_error()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"message":"service s1 not found"}""", HttpStatusCode.NotFound));
        using var client = FakeEngine.Client(engine);

        await client.Swarm.RemoveServiceAsync("s1", CancellationToken.None);

        Assert.Equal((HttpMethod.Delete, "/services/s1"), (engine.Requests[0].Method, engine.Requests[0].Path));
    }

    [Fact]
    public async Task A_worker_refuses_swarm_calls_with_the_engines_message()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(
            """{"message":"This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state."}""", HttpStatusCode.ServiceUnavailable));
        using var client = FakeEngine.Client(engine);

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => client.Swarm.NodesAsync(CancellationToken.None));

        Assert.Equal(503, error.StatusCode);
        Assert.Contains("not a swarm manager", error.Message);
    }

    [Fact]
    public async Task Creating_a_secret_posts_its_name_labels_and_data_and_returns_its_id()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"ID":"x1"}""", HttpStatusCode.Created));
        using var client = FakeEngine.Client(engine);

        var id = await client.Swarm.CreateSecretAsync(
            "cmesh-r1-swarm_key", new Dictionary<string, string> { ["cmesh.run"] = "r1" }, "k3y"u8.ToArray(), CancellationToken.None);

        Assert.Equal("x1", id);
        var create = engine.Requests[0];
        Assert.Equal((HttpMethod.Post, "/secrets/create"), (create.Method, create.Path));
        Assert.Equal("cmesh-r1-swarm_key", create.Json.GetProperty("Name").GetString());
        Assert.Equal("r1", create.Json.GetProperty("Labels").GetProperty("cmesh.run").GetString());
        Assert.Equal(Convert.ToBase64String("k3y"u8.ToArray()), create.Json.GetProperty("Data").GetString());
    }

    [Fact]
    public async Task Secrets_are_listed_by_label()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""
            [{"ID":"x1","Spec":{"Name":"cmesh-r1-swarm_key","Labels":{"cmesh.managed":"true","cmesh.run":"r1"}}},
             {"ID":"x2","Spec":{"Name":"cmesh-r2-swarm_key","Labels":{"cmesh.managed":"true","cmesh.run":"r2"}}},
             {"ID":"x3","Spec":{"Name":"someone-elses"}}]
            """));
        using var client = FakeEngine.Client(engine);

        var secrets = await client.Swarm.ListSecretsAsync(new Dictionary<string, string> { ["cmesh.run"] = "r1" }, CancellationToken.None);

        Assert.Equal("/secrets", engine.Requests[0].Path);
        Assert.Equal(("x1", "cmesh-r1-swarm_key"), (Assert.Single(secrets).Id, secrets[0].Name));
    }

    [Fact]
    public async Task Removing_a_secret_that_is_already_gone_is_not_an_error()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"message":"secret x1 not found"}""", HttpStatusCode.NotFound));
        using var client = FakeEngine.Client(engine);

        await client.Swarm.RemoveSecretAsync("x1", CancellationToken.None);

        Assert.Equal((HttpMethod.Delete, "/secrets/x1"), (engine.Requests[0].Method, engine.Requests[0].Path));
    }
}
