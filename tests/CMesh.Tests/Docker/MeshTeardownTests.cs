using System.Net;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Tests.Docker;

public sealed class MeshTeardownTests
{
    [Fact]
    public async Task Running_peers_are_paused_then_containers_removed_one_by_one_helpers_then_peers_then_the_coordinator_and_the_network_last_and_none_is_killed_first()
    {
        var engine = new FakeEngineHandler(request =>
            FakeEngineHandler.Status(HttpStatusCode.NoContent));
        using var client = FakeEngine.Client(engine);
        var run = Run(
            Container("coordinator", "running", MeshLabels.CoordinatorRole),
            Container("peer-1", "running", MeshLabels.PeerRole),
            Container("peer-2", "running", MeshLabels.PeerRole),
            Container("peer-3", "exited", MeshLabels.PeerRole),
            Container("helper-1", "running", "chaos-helper"));

        await new MeshTeardown(client, TimeProvider.System).RemoveAsync(run, "test");

        var calls = engine.Requests.Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.DoesNotContain(calls, c => c.EndsWith("/kill"));
        var firstDelete = calls.FindIndex(c => c.StartsWith("DELETE"));
        Assert.Equal(["POST /containers/peer-1/pause", "POST /containers/peer-2/pause"], calls.Take(firstDelete).Where(c => c.EndsWith("/pause")).Order());
        Assert.DoesNotContain(calls.Skip(firstDelete), c => c.EndsWith("/pause"));
        Assert.Equal(
            ["DELETE /containers/helper-1", "DELETE /containers/peer-1", "DELETE /containers/peer-2", "DELETE /containers/peer-3", "DELETE /containers/coordinator", "DELETE /networks/net-1"],
            calls.Where(c => c.StartsWith("DELETE")));
    }

    [Fact]
    public async Task A_container_the_engine_cannot_kill_yet_is_asked_for_again_and_one_it_never_kills_does_not_keep_the_others()
    {
        const string Zombie = "{\"message\":\"Could not kill running container peer-2, cannot remove - container peer-2 PID 42 is zombie and can not be killed\"}";
        var peer1Refusals = 2;
        var engine = new FakeEngineHandler(request => request.Path switch
        {
            "/containers/peer-1" when peer1Refusals-- > 0 => FakeEngineHandler.Json(Zombie.Replace("peer-2", "peer-1"), HttpStatusCode.Conflict),
            "/containers/peer-2" => FakeEngineHandler.Json(Zombie, HttpStatusCode.Conflict),
            _ => FakeEngineHandler.Status(HttpStatusCode.NoContent),
        });
        using var client = FakeEngine.Client(engine);
        var run = Run(
            Container("coordinator", "running", MeshLabels.CoordinatorRole),
            Container("peer-1", "running", MeshLabels.PeerRole),
            Container("peer-2", "running", MeshLabels.PeerRole),
            Container("peer-3", "running", MeshLabels.PeerRole));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        var removing = new MeshTeardown(client, clock).RemoveAsync(run, "test");
        for (var i = 0; i < 100 && !removing.IsCompleted; i++)
        {
            await Task.Delay(5);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => removing);
        Assert.StartsWith("could not remove 1 container(s), `cmesh clean` tries again: cmesh-run-1-peer-2 (", failure.Message);
        Assert.Contains("zombie", failure.Message);
        var deletes = engine.Requests.Where(r => r.Method == HttpMethod.Delete).Select(r => r.Path).ToList();
        Assert.Equal(3, deletes.Count(p => p == "/containers/peer-1"));
        Assert.Equal(5, deletes.Count(p => p == "/containers/peer-2"));
        Assert.Contains("/containers/peer-3", deletes);
        Assert.Contains("/containers/coordinator", deletes);
        Assert.DoesNotContain("/networks/net-1", deletes);
    }

    /// <summary>A run of these containers on one data network.</summary>
    private static RunInventory Run(params ContainerSummary[] containers) =>
        new("run-1", null, containers, [new NetworkInfo("net-1", "cmesh-run-1-data", "bridge", true, [], new Dictionary<string, string>(), [])], []);

    private static ContainerSummary Container(string id, string state, string role) =>
        new(id, $"cmesh-run-1-{id}", "cmesh-peer:test", state, state, new Dictionary<string, string> { [MeshLabels.Role] = role, [MeshLabels.Run] = "run-1" });
}
