using System.Net;
using CMesh.Docker.Mesh;

namespace CMesh.Tests.Docker;

/// <summary>A swarm run is found by its services on a manager; a lone engine is not asked for services at all.</summary>
public sealed class MeshInventoryTests
{
    private const string Services = """
        [{"ID":"s1","Spec":{"Name":"cmesh-r1-peer-1","Labels":{"cmesh.managed":"true","cmesh.run":"r1","cmesh.role":"peer","cmesh.peer":"peer-1","cmesh.results":"/work/results/r1"}}},
         {"ID":"s0","Spec":{"Name":"cmesh-r1-coordinator","Labels":{"cmesh.managed":"true","cmesh.run":"r1","cmesh.role":"coordinator","cmesh.results":"/work/results/r1"}}}]
        """;

    private static FakeEngineHandler Engine(string swarm) => new(request => request.Path switch
    {
        "/info" => FakeEngineHandler.Json($$"""{"Swarm":{{swarm}}}"""),
        "/services" => FakeEngineHandler.Json(Services),
        "/containers/json" or "/networks" => FakeEngineHandler.Json("[]"),
        _ => FakeEngineHandler.Status(HttpStatusCode.NotFound),
    });

    [Fact]
    public async Task On_a_manager_a_run_with_only_services_is_found_with_its_results_folder()
    {
        var engine = Engine("""{"NodeID":"m1","LocalNodeState":"active","ControlAvailable":true}""");
        using var client = FakeEngine.Client(engine);

        var run = Assert.Single(await new MeshInventory(client).ListAsync(CancellationToken.None));

        Assert.Equal("r1", run.RunId);
        Assert.True(run.OnSwarm);
        Assert.Equal(["cmesh-r1-coordinator", "cmesh-r1-peer-1"], run.Services.Select(s => s.Name));
        Assert.Equal("/work/results/r1", run.ResultsDirectory);
    }

    [Fact]
    public async Task An_engine_in_no_swarm_is_not_asked_for_services()
    {
        var engine = Engine("""{"LocalNodeState":"inactive"}""");
        using var client = FakeEngine.Client(engine);

        Assert.Empty(await new MeshInventory(client).ListAsync(CancellationToken.None));
        Assert.DoesNotContain(engine.Requests, r => r.Path == "/services");
    }
}
