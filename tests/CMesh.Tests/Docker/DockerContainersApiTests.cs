using System.Net;
using System.Text.Json;
using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerContainersApiTests
{
    private static readonly ContainerSpec TwoNetworkPeer = new()
    {
        Name = "cmesh-peer-1",
        Image = "cmesh/peer:test",
        Command = ["peer", "--id", "1"],
        Environment = new Dictionary<string, string> { ["PEER_ID"] = "1" },
        Labels = new Dictionary<string, string> { ["cmesh.run"] = "r1" },
        Mounts = [new BindMount("/host/config", "/config", ReadOnly: true), new BindMount("/host/data", "/data", ReadOnly: false)],
        Networks = [new NetworkAttachment("mesh-a", ["peer-1"]), new NetworkAttachment("mesh-b", ["peer-1-b"])],
        Ports = [new PortPublish(7070, "127.0.0.1")],
    };

    [Fact]
    public async Task Create_sends_the_spec_in_the_engines_terms()
    {
        var (client, engine) = CreatedContainer("c1");

        await client.Containers.CreateAsync(TwoNetworkPeer, CancellationToken.None);

        var create = engine.Requests[0];
        Assert.Equal("/containers/create", create.Path);
        Assert.Equal("cmesh-peer-1", create.Query["name"]);
        var body = create.Json;
        Assert.Equal("cmesh/peer:test", body.GetProperty("Image").GetString());
        Assert.Equal(["peer", "--id", "1"], Strings(body.GetProperty("Cmd")));
        Assert.Equal(["PEER_ID=1"], Strings(body.GetProperty("Env")));
        Assert.Equal("r1", body.GetProperty("Labels").GetProperty("cmesh.run").GetString());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("ExposedPorts").GetProperty("7070/tcp").ValueKind);
        var host = body.GetProperty("HostConfig");
        Assert.Equal(["/host/config:/config:ro", "/host/data:/data:rw"], Strings(host.GetProperty("Binds")));
        var binding = Assert.Single(host.GetProperty("PortBindings").GetProperty("7070/tcp").EnumerateArray());
        Assert.Equal("127.0.0.1", binding.GetProperty("HostIp").GetString());
        Assert.Equal("", binding.GetProperty("HostPort").GetString());
        Assert.Equal("mesh-a", host.GetProperty("NetworkMode").GetString());
    }

    [Fact]
    public async Task Create_attaches_only_the_first_network_at_create_time()
    {
        var (client, engine) = CreatedContainer("c1");

        await client.Containers.CreateAsync(TwoNetworkPeer, CancellationToken.None);

        var endpoints = engine.Requests[0].Json.GetProperty("NetworkingConfig").GetProperty("EndpointsConfig");
        var only = Assert.Single(endpoints.EnumerateObject());
        Assert.Equal("mesh-a", only.Name);
        Assert.Equal(["peer-1"], Strings(only.Value.GetProperty("Aliases")));
    }

    [Fact]
    public async Task Create_connects_the_second_network_before_start()
    {
        var (client, engine) = CreatedContainer("c1");

        var id = await client.Containers.CreateAsync(TwoNetworkPeer, CancellationToken.None);

        Assert.Equal("c1", id);
        Assert.Equal(2, engine.Requests.Count);
        var connect = engine.Requests[1];
        Assert.Equal(HttpMethod.Post, connect.Method);
        Assert.Equal("/networks/mesh-b/connect", connect.Path);
        Assert.Equal("c1", connect.Json.GetProperty("Container").GetString());
        Assert.Equal(["peer-1-b"], Strings(connect.Json.GetProperty("EndpointConfig").GetProperty("Aliases")));
    }

    [Fact]
    public async Task Create_with_a_network_mode_and_no_networks_sends_that_mode()
    {
        var (client, engine) = CreatedContainer("c2");

        await client.Containers.CreateAsync(
            new ContainerSpec { Name = "chaos", Image = "cmesh/chaos", NetworkMode = "container:c1" }, CancellationToken.None);

        var body = Assert.Single(engine.Requests).Json;
        Assert.Equal("container:c1", body.GetProperty("HostConfig").GetProperty("NetworkMode").GetString());
        Assert.False(body.TryGetProperty("NetworkingConfig", out _));
    }

    [Fact]
    public async Task Inspect_maps_state_labels_networks_and_published_ports()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json(InspectJson));
        using var client = new DockerEngineClient(engine, "fake");

        var info = await client.Containers.InspectAsync("cmesh-peer-1", CancellationToken.None);

        Assert.NotNull(info);
        Assert.Equal("/containers/cmesh-peer-1/json", engine.Requests[0].Path);
        Assert.Equal("cmesh-peer-1", info.Name);
        Assert.Equal("cmesh/peer:test", info.Image);
        Assert.Equal("running", info.Status);
        Assert.True(info.Running);
        Assert.Equal(4242, info.Pid);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), info.StartedAt);
        Assert.Null(info.FinishedAt);
        Assert.Equal("r1", info.Labels["cmesh.run"]);
        var network = info.Networks["mesh-a"];
        Assert.Equal(new ContainerNetwork("net-a-id", "172.28.0.5", 16), network);
        Assert.Equal(49153, info.PublishedTcpPorts[7070]);
        Assert.False(info.PublishedTcpPorts.ContainsKey(9090));
    }

    [Fact]
    public async Task Inspect_of_a_missing_container_is_null()
    {
        var engine = new FakeEngineHandler(_ =>
            FakeEngineHandler.Json("""{"message":"No such container: nope"}""", HttpStatusCode.NotFound));
        using var client = new DockerEngineClient(engine, "fake");

        Assert.Null(await client.Containers.InspectAsync("nope", CancellationToken.None));
    }

    [Fact]
    public async Task Removing_a_container_that_is_already_gone_is_not_an_error()
    {
        var engine = new FakeEngineHandler(_ =>
            FakeEngineHandler.Json("""{"message":"No such container: gone"}""", HttpStatusCode.NotFound));
        using var client = new DockerEngineClient(engine, "fake");

        await client.Containers.RemoveAsync("gone", force: true, CancellationToken.None);

        Assert.Equal(HttpMethod.Delete, engine.Requests[0].Method);
        Assert.Equal("/containers/gone", engine.Requests[0].Path);
    }

    [Fact]
    public async Task An_engine_error_carries_its_status_and_message()
    {
        var engine = new FakeEngineHandler(_ =>
            FakeEngineHandler.Json("""{"message":"Conflict. The container name is already in use"}""", HttpStatusCode.Conflict));
        using var client = new DockerEngineClient(engine, "fake");

        var error = await Assert.ThrowsAsync<DockerEngineException>(
            () => client.Containers.CreateAsync(TwoNetworkPeer, CancellationToken.None));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("Conflict. The container name is already in use", error.Message);
    }

    [Fact]
    public async Task Starting_a_container_that_already_runs_is_not_an_error()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Status(HttpStatusCode.NotModified));
        using var client = new DockerEngineClient(engine, "fake");

        await client.Containers.StartAsync("c1", CancellationToken.None);

        Assert.Equal("/containers/c1/start", engine.Requests[0].Path);
    }

    [Fact]
    public async Task List_filters_by_label_and_drops_the_leading_slash_of_names()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""
            [{"Id":"c1","Names":["/cmesh-peer-1"],"Image":"cmesh/peer:test","State":"running","Status":"Up 2 seconds","Labels":{"cmesh.run":"r1"}}]
            """));
        using var client = new DockerEngineClient(engine, "fake");

        var containers = await client.Containers.ListAsync(
            new Dictionary<string, string> { ["cmesh.run"] = "r1" }, includeStopped: true, CancellationToken.None);

        Assert.Equal("""{"label":["cmesh.run=r1"]}""", engine.Requests[0].Query["filters"]);
        Assert.Equal("1", engine.Requests[0].Query["all"]);
        var container = Assert.Single(containers);
        Assert.Equal("cmesh-peer-1", container.Name);
        Assert.Equal("running", container.State);
        Assert.Equal("r1", container.Labels["cmesh.run"]);
    }

    private static (DockerEngineClient Client, FakeEngineHandler Engine) CreatedContainer(string id)
    {
        var engine = new FakeEngineHandler(request => request.Path == "/containers/create"
            ? FakeEngineHandler.Json($$"""{"Id":"{{id}}","Warnings":[]}""", HttpStatusCode.Created)
            : FakeEngineHandler.Status(HttpStatusCode.OK));
        return (new DockerEngineClient(engine, "fake"), engine);
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

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
