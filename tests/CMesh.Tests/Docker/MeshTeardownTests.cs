using System.Net;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Tests.Docker;

public sealed class MeshTeardownTests
{
    [Fact]
    public async Task Containers_are_removed_one_by_one_helpers_then_peers_then_the_coordinator_and_the_network_last_and_none_is_killed_first()
    {
        var engine = new FakeEngineHandler(request =>
            FakeEngineHandler.Status(HttpStatusCode.NoContent));
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
        Assert.DoesNotContain(calls, c => c.EndsWith("/kill"));
        Assert.Equal(
            ["DELETE /containers/helper-1", "DELETE /containers/peer-1", "DELETE /containers/peer-2", "DELETE /containers/peer-3", "DELETE /containers/coordinator", "DELETE /networks/net-1"],
            calls.Where(c => c.StartsWith("DELETE")));
    }

    private static ContainerSummary Container(string id, string state, string role) =>
        new(id, $"cmesh-run-1-{id}", "cmesh-peer:test", state, state, new Dictionary<string, string> { [MeshLabels.Role] = role, [MeshLabels.Run] = "run-1" });
}
