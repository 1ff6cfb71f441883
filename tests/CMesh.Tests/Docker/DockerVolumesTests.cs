using System.Net;
using CMesh.Docker.Engine;

namespace CMesh.Tests.Docker;

public class DockerVolumesTests
{
    [Fact]
    public async Task Volumes_are_listed_by_label_with_their_labels()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""
            {"Volumes":[{"Name":"cmesh-r1-results","Driver":"local","Mountpoint":"/var/lib/docker/volumes/cmesh-r1-results/_data","Scope":"local",
                         "Labels":{"cmesh.run":"r1","cmesh.results":"/work/results/r1"}}],"Warnings":null}
            """));
        using var client = FakeEngine.Client(engine);

        var volumes = await client.Volumes.ListAsync(new Dictionary<string, string> { ["cmesh.run"] = "r1" }, CancellationToken.None);

        Assert.Equal("/volumes", engine.Requests[0].Path);
        Assert.Contains("cmesh.run=r1", engine.Requests[0].Query["filters"]);
        var volume = Assert.Single(volumes);
        Assert.Equal(("cmesh-r1-results", "/work/results/r1"), (volume.Name, volume.Labels["cmesh.results"]));
    }

    [Fact]
    public async Task No_volumes_is_an_empty_list()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"Volumes":null,"Warnings":null}"""));
        using var client = FakeEngine.Client(engine);

        Assert.Empty(await client.Volumes.ListAsync(new Dictionary<string, string>(), CancellationToken.None));
    }

    [Fact]
    public async Task Removing_a_volume_that_is_already_gone_is_not_an_error()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"message":"get cmesh-r1-results: no such volume"}""", HttpStatusCode.NotFound));
        using var client = FakeEngine.Client(engine);

        await client.Volumes.RemoveAsync("cmesh-r1-results", CancellationToken.None);

        Assert.Equal((HttpMethod.Delete, "/volumes/cmesh-r1-results"), (engine.Requests[0].Method, engine.Requests[0].Path));
    }

    [Fact]
    public async Task A_volume_in_use_is_not_removed_and_says_so()
    {
        var engine = new FakeEngineHandler(_ => FakeEngineHandler.Json("""{"message":"remove cmesh-r1-results: volume is in use - [c1]"}""", HttpStatusCode.Conflict));
        using var client = FakeEngine.Client(engine);

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => client.Volumes.RemoveAsync("cmesh-r1-results", CancellationToken.None));

        Assert.Contains("in use", error.Message);
    }
}
