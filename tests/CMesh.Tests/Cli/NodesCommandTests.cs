using System.Net;
using CMesh.Cli;
using CMesh.Cli.Commands;
using CMesh.Tests.Docker;

namespace CMesh.Tests.Cli;

/// <summary>`cmesh nodes` against a fake engine: a manager of three nodes, and engines that are no manager.</summary>
public sealed class NodesCommandTests
{
    private const string Version = """{"Version":"20.10.24","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}""";

    private const string Nodes = """
        [{"ID":"m1","Spec":{"Role":"manager","Availability":"active"},
          "Description":{"Hostname":"vm","Resources":{"NanoCPUs":2000000000,"MemoryBytes":25769803776}},
          "Status":{"State":"ready","Addr":"10.213.0.1"},"ManagerStatus":{"Leader":true}},
         {"ID":"w3","Spec":{"Labels":{"cmesh.engine":"unix:///run/docker-cmesh-n3.sock"},"Role":"worker","Availability":"active"},
          "Description":{"Hostname":"cmesh-n3","Resources":{"NanoCPUs":2000000000,"MemoryBytes":25769803776}},
          "Status":{"State":"ready","Addr":"10.213.0.13"}},
         {"ID":"w2","Spec":{"Labels":{"cmesh.engine":"unix:///run/docker-cmesh-n2.sock"},"Role":"worker","Availability":"active"},
          "Description":{"Hostname":"cmesh-n2","Resources":{"NanoCPUs":2000000000,"MemoryBytes":25769803776}},
          "Status":{"State":"down","Addr":"10.213.0.12"}}]
        """;

    private const string Tasks = """
        [{"ID":"t1","ServiceID":"s1","NodeID":"w3","DesiredState":"running","Status":{"State":"running"}},
         {"ID":"t2","ServiceID":"s2","NodeID":"w3","DesiredState":"running","Status":{"State":"running"}},
         {"ID":"t3","ServiceID":"s3","NodeID":"m1","DesiredState":"running","Status":{"State":"running"}},
         {"ID":"t0","ServiceID":"s3","NodeID":"w2","DesiredState":"shutdown","Status":{"State":"failed","Err":"task: non-zero exit (1)"}}]
        """;

    private static FakeEngineHandler Engine(string swarmInfo, string services = """[{"ID":"s1"},{"ID":"s2"},{"ID":"s3"}]""") => new(request => request.Path switch
    {
        "/version" => FakeEngineHandler.Json(Version),
        "/info" => FakeEngineHandler.Json($$"""{"Swarm":{{swarmInfo}}}"""),
        "/nodes" => FakeEngineHandler.Json(Nodes),
        "/services" => FakeEngineHandler.Json(services),
        "/tasks" => FakeEngineHandler.Json(Tasks),
        _ => FakeEngineHandler.Status(HttpStatusCode.NotFound),
    });

    [Fact]
    public async Task A_manager_lists_every_node_with_its_engine_endpoint_and_the_cmesh_tasks_running_there()
    {
        var engine = Engine("""{"NodeID":"m1","NodeAddr":"10.213.0.1","LocalNodeState":"active","ControlAvailable":true}""");
        using var client = FakeEngine.Client(engine);
        using var cli = new CliRun(Path.GetTempPath(), client);

        var exit = await cli.InvokeAsync(NodesCommand.Create, "nodes");

        Assert.Equal(ExitCodes.Ok, exit);
        var rows = cli.Output.Split('\n').Where(l => l.Contains("10.213.0.", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Matches(@"vm \*.*manager \(leader\).*ready / active.*10\.213\.0\.1 .*2.*24\.0 GiB.*1.*local", rows[0]);
        Assert.Matches(@"cmesh-n2 .*worker.*down / active.*0.*unix:///run/docker-cmesh-n2\.sock", rows[1]);
        Assert.Matches(@"cmesh-n3 .*worker.*ready / active.*2.*unix:///run/docker-cmesh-n3\.sock", rows[2]);
        Assert.Contains("cmesh.managed=true", Assert.Single(engine.Requests, r => r.Path == "/services").Query["filters"]);
        Assert.Empty(cli.Errors);
    }

    [Fact]
    public async Task Without_cmesh_services_no_task_is_asked_for()
    {
        var engine = Engine("""{"NodeID":"m1","LocalNodeState":"active","ControlAvailable":true}""", services: "[]");
        using var client = FakeEngine.Client(engine);
        using var cli = new CliRun(Path.GetTempPath(), client);

        Assert.Equal(ExitCodes.Ok, await cli.InvokeAsync(NodesCommand.Create, "nodes"));

        Assert.DoesNotContain(engine.Requests, r => r.Path == "/tasks");
    }

    [Theory]
    [InlineData("""{"LocalNodeState":"inactive","ControlAvailable":false}""", "this Docker engine is not in a swarm")]
    [InlineData("""{"NodeID":"w2","LocalNodeState":"active","ControlAvailable":false}""", "is a swarm worker (node w2), not a manager")]
    [InlineData("""{"LocalNodeState":"error","ControlAvailable":false,"Error":"manager stopped"}""", "swarm is error (manager stopped)")]
    public async Task An_engine_that_is_no_swarm_manager_says_so_in_one_line_and_exits_1(string swarmInfo, string message)
    {
        var engine = Engine(swarmInfo);
        using var client = FakeEngine.Client(engine);
        using var cli = new CliRun(Path.GetTempPath(), client);

        var exit = await cli.InvokeAsync(NodesCommand.Create, "nodes");

        Assert.Equal(ExitCodes.RunFailed, exit);
        var line = Assert.Single(cli.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line);
        Assert.Empty(cli.Output);
        Assert.DoesNotContain(engine.Requests, r => r.Path == "/nodes");
    }
}
