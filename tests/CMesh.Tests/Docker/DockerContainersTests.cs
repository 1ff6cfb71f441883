using System.Net;
using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerContainersTests
{
    [Fact]
    public async Task Create_connects_the_second_network_with_its_aliases_before_start()
    {
        var engine = new FakeEngineHandler(request => request.Path == "/containers/create"
            ? FakeEngineHandler.Json("""{"Id":"c1","Warnings":[]}""", HttpStatusCode.Created)
            : FakeEngineHandler.Status(HttpStatusCode.OK));
        using var client = FakeEngine.Client(engine);

        var id = await client.Containers.CreateAsync(ContainerCreateMapperTests.TwoNetworkPeer, CancellationToken.None);

        Assert.Equal("c1", id);
        Assert.Equal(["/containers/create", "/networks/mesh-b/connect"], engine.Requests.Select(r => r.Path));
        var connect = engine.Requests[1].Json;
        Assert.Equal("c1", connect.GetProperty("Container").GetString());
        Assert.Equal(["peer-1-b"], connect.GetProperty("EndpointConfig").GetProperty("Aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Inspect_maps_state_labels_networks_and_published_ports()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(InspectJson));
        using var client = FakeEngine.Client(engine);

        var info = await client.Containers.InspectAsync("cmesh-peer-1", CancellationToken.None);

        Assert.NotNull(info);
        Assert.Equal("cmesh-peer-1", info.Name);
        Assert.Equal("cmesh/peer:test", info.Image);
        Assert.Equal("running", info.Status);
        Assert.True(info.Running);
        Assert.Equal(4242, info.Pid);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234568), info.StartedAt);
        Assert.Null(info.FinishedAt);
        Assert.Equal("r1", info.Labels["cmesh.run"]);
        Assert.Equal(new ContainerNetwork("net-a-id", "172.28.0.5", 16), info.Networks["mesh-a"]);
        Assert.Equal(49153, info.PublishedTcpPorts[7070]);
        Assert.False(info.PublishedTcpPorts.ContainsKey(9090));
    }

    [Fact]
    public async Task Inspect_of_a_missing_container_is_null()
    {
        var engine = new FakeEngineHandler(_ =>
            FakeEngineHandler.Json("""{"message":"No such container: nope"}""", HttpStatusCode.NotFound));
        using var client = FakeEngine.Client(engine);

        Assert.Null(await client.Containers.InspectAsync("nope", CancellationToken.None));
    }

    [Fact]
    public async Task Removing_a_container_that_is_already_gone_is_not_an_error()
    {
        var engine = new FakeEngineHandler(_ =>
            FakeEngineHandler.Json("""{"message":"No such container: gone"}""", HttpStatusCode.NotFound));
        using var client = FakeEngine.Client(engine);

        await client.Containers.RemoveAsync("gone", force: true, CancellationToken.None);

        Assert.Equal((HttpMethod.Delete, "/containers/gone"), (engine.Requests[0].Method, engine.Requests[0].Path));
    }

    [Fact]
    public async Task An_engine_error_carries_its_status_and_message()
    {
        var engine = new FakeEngineHandler(_ =>
            FakeEngineHandler.Json("""{"message":"Conflict. The container name is already in use"}""", HttpStatusCode.Conflict));
        using var client = FakeEngine.Client(engine);

        var error = await Assert.ThrowsAsync<DockerEngineException>(
            () => client.Containers.CreateAsync(ContainerCreateMapperTests.TwoNetworkPeer, CancellationToken.None));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("Conflict. The container name is already in use", error.Message);
    }

    [Fact]
    public async Task Starting_a_container_that_already_runs_is_not_an_error()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Status(HttpStatusCode.NotModified));
        using var client = FakeEngine.Client(engine);

        await client.Containers.StartAsync("c1", CancellationToken.None);

        Assert.Equal("/containers/c1/start", engine.Requests[0].Path);
    }

    [Fact]
    public async Task List_drops_the_leading_slash_of_names()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""
            [{"Id":"c1","Names":["/cmesh-peer-1"],"Image":"cmesh/peer:test","State":"running","Status":"Up 2 seconds","Labels":{"cmesh.run":"r1"}}]
            """));
        using var client = FakeEngine.Client(engine);

        var containers = await client.Containers.ListAsync(
            new Dictionary<string, string> { ["cmesh.run"] = "r1" }, includeStopped: true, CancellationToken.None);

        var container = Assert.Single(containers);
        Assert.Equal(("cmesh-peer-1", "running", "r1"), (container.Name, container.State, container.Labels["cmesh.run"]));
    }

    // Trimmed from a real 20.10 inspect; the nanosecond StartedAt is what the engine sends.
    private const string InspectJson = """
        {
          "Id": "c1",
          "Name": "/cmesh-peer-1",
          "Image": "sha256:abc",
          "State": {
            "Status": "running", "Running": true, "Paused": false, "Restarting": false, "OOMKilled": false,
            "Dead": false, "Pid": 4242, "ExitCode": 0, "Error": "",
            "StartedAt": "2024-05-01T10:00:00.123456789Z", "FinishedAt": "0001-01-01T00:00:00Z"
          },
          "Config": { "Hostname": "peer-1", "Image": "cmesh/peer:test", "Labels": { "cmesh.run": "r1" } },
          "NetworkSettings": {
            "Ports": {
              "7070/tcp": [ { "HostIp": "127.0.0.1", "HostPort": "49153" } ],
              "9090/tcp": null
            },
            "Networks": {
              "mesh-a": { "Aliases": ["peer-1"], "NetworkID": "net-a-id", "IPAddress": "172.28.0.5", "IPPrefixLen": 16 }
            }
          }
        }
        """;
}
