using System.Net;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Tests.Docker;

public sealed class MeshTeardownTests
{
    [Fact]
    public async Task Running_containers_are_all_killed_before_the_first_removal_then_removed_one_by_one_and_the_network_last()
    {
        var engine = new FakeEngineHandler(request =>
            request.Path == "/containers/peer-2/kill"
                ? FakeEngineHandler.Json("""{"message":"container is not running"}""", HttpStatusCode.Conflict)
                : FakeEngineHandler.Status(HttpStatusCode.NoContent));
        using var client = FakeEngine.Client(engine);
        var run = new RunInventory("run-1", null,
        [
            Container("coordinator", "running", MeshLabels.CoordinatorRole),
            Container("peer-1", "running", MeshLabels.PeerRole),
            Container("peer-2", "running", MeshLabels.PeerRole),
            Container("peer-3", "exited", MeshLabels.PeerRole),
            Container("helper-1", "running", "chaos-helper"),
        ],
        [new NetworkInfo("net-1", "cmesh-run-1-data", "bridge", true, [], new Dictionary<string, string>(), [])],
        []);

        await new MeshTeardown(client, TimeProvider.System).RemoveAsync(run, "test");

        var calls = engine.Requests.Select(r => $"{r.Method} {r.Path}").ToList();
        var kills = calls.Where(c => c.EndsWith("/kill")).ToList();
        Assert.Equal(["coordinator", "helper-1", "peer-1", "peer-2"], kills.Select(c => c.Split('/')[2]).Order());
        Assert.True(calls.FindLastIndex(c => c.EndsWith("/kill")) < calls.FindIndex(c => c.StartsWith("DELETE")), string.Join("\n", calls));
        Assert.Equal(
            ["DELETE /containers/helper-1", "DELETE /containers/peer-1", "DELETE /containers/peer-2", "DELETE /containers/peer-3", "DELETE /containers/coordinator", "DELETE /networks/net-1"],
            calls.Where(c => c.StartsWith("DELETE")));
    }

    private static ContainerSummary Container(string id, string state, string role) =>
        new(id, $"cmesh-run-1-{id}", "cmesh-peer:test", state, state, new Dictionary<string, string> { [MeshLabels.Role] = role, [MeshLabels.Run] = "run-1" });
}
