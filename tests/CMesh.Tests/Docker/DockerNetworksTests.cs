using System.Net;
using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerNetworksTests
{
    [Fact]
    public async Task Create_asks_for_an_internal_labelled_network_that_is_not_attachable()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"Id":"n1","Warning":""}""", HttpStatusCode.Created));
        using var client = FakeEngine.Client(engine);

        var id = await client.Networks.CreateAsync(
            new NetworkSpec("mesh-a", new Dictionary<string, string> { ["cmesh.run"] = "r1" }, Internal: true), CancellationToken.None);

        Assert.Equal("n1", id);
        var body = engine.Requests[0].Json;
        Assert.Equal(("mesh-a", "bridge"), (body.GetProperty("Name").GetString(), body.GetProperty("Driver").GetString()));
        Assert.True(body.GetProperty("Internal").GetBoolean());
        Assert.False(body.GetProperty("Attachable").GetBoolean());
        Assert.Equal("r1", body.GetProperty("Labels").GetProperty("cmesh.run").GetString());
    }

    [Fact]
    public async Task An_overlay_network_is_created_attachable()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"Id":"n2","Warning":""}""", HttpStatusCode.Created));
        using var client = FakeEngine.Client(engine);

        await client.Networks.CreateAsync(
            NetworkSpec.Overlay("cmesh-r1-data", new Dictionary<string, string> { ["cmesh.run"] = "r1" }, @internal: true), CancellationToken.None);

        var body = engine.Requests[0].Json;
        Assert.Equal("overlay", body.GetProperty("Driver").GetString());
        Assert.True(body.GetProperty("Attachable").GetBoolean());
        Assert.True(body.GetProperty("Internal").GetBoolean());
    }

    [Fact]
    public async Task Inspect_maps_subnets_and_attached_containers()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""
            {"Name":"mesh-a","Id":"n1","Driver":"bridge","Internal":true,
             "IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"172.28.0.0/16","Gateway":"172.28.0.1"}]},
             "Containers":{"c1":{"Name":"peer-1","IPv4Address":"172.28.0.5/16"}},
             "Labels":{"cmesh.run":"r1"}}
            """));
        using var client = FakeEngine.Client(engine);

        var network = await client.Networks.InspectAsync("mesh-a", CancellationToken.None);

        Assert.NotNull(network);
        Assert.Equal(["172.28.0.0/16"], network.Subnets);
        Assert.Equal(["c1"], network.ContainerIds);
        Assert.True(network.Internal);
        Assert.Equal("r1", network.Labels["cmesh.run"]);
    }

    [Fact]
    public async Task Removing_a_network_that_is_already_gone_is_not_an_error()
    {
        var engine = new FakeEngineHandler(_ =>
            FakeEngineHandler.Json("""{"message":"network mesh-a not found"}""", HttpStatusCode.NotFound));
        using var client = FakeEngine.Client(engine);

        await client.Networks.RemoveAsync("mesh-a", CancellationToken.None);

        Assert.Equal((HttpMethod.Delete, "/networks/mesh-a"), (engine.Requests[0].Method, engine.Requests[0].Path));
    }
}
