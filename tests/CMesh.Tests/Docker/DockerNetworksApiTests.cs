using System.Net;
using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerNetworksApiTests
{
    [Fact]
    public async Task Create_asks_for_a_non_attachable_network_and_checks_for_duplicates()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"Id":"n1","Warning":""}""", HttpStatusCode.Created));
        using var client = new DockerEngineClient(engine, "fake");

        var id = await client.Networks.CreateAsync(
            new NetworkSpec("mesh-a", new Dictionary<string, string> { ["cmesh.run"] = "r1" }, Internal: true), CancellationToken.None);

        Assert.Equal("n1", id);
        var body = engine.Requests[0].Json;
        Assert.Equal("mesh-a", body.GetProperty("Name").GetString());
        Assert.Equal("bridge", body.GetProperty("Driver").GetString());
        Assert.True(body.GetProperty("Internal").GetBoolean());
        Assert.True(body.GetProperty("CheckDuplicate").GetBoolean());
        Assert.False(body.GetProperty("Attachable").GetBoolean());
        Assert.Equal("r1", body.GetProperty("Labels").GetProperty("cmesh.run").GetString());
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
        using var client = new DockerEngineClient(engine, "fake");

        var network = await client.Networks.InspectAsync("mesh-a", CancellationToken.None);

        Assert.NotNull(network);
        Assert.Equal(["172.28.0.0/16"], network.Subnets);
        Assert.Equal(["c1"], network.ContainerIds);
        Assert.True(network.Internal);
        Assert.Equal("r1", network.Labels["cmesh.run"]);
    }

    [Fact]
    public async Task List_without_labels_sends_no_filter()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("[]"));
        using var client = new DockerEngineClient(engine, "fake");

        await client.Networks.ListAsync(new Dictionary<string, string>(), CancellationToken.None);

        Assert.Empty(engine.Requests[0].Query);
    }
}
