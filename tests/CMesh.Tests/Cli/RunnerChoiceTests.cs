using System.CommandLine;
using System.Net;
using CMesh.Cli;
using CMesh.Cli.Commands;
using CMesh.Tests.Docker;

namespace CMesh.Tests.Cli;

/// <summary>`cmesh run --runner`: refusals come before anything is created on the engine.</summary>
public sealed class RunnerChoiceTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cmesh-home-").FullName;

    public RunnerChoiceTests()
    {
        // The built-in engine's recipe: the run resolves its engine before it asks about the swarm.
        var recipe = Path.Combine(_home, "engines", "cmesh");
        Directory.CreateDirectory(recipe);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "engines", "cmesh")))
        {
            File.Copy(file, Path.Combine(recipe, Path.GetFileName(file)));
        }
    }

    private static FakeEngineHandler Engine(string swarmInfo) => new(request => request.Path switch
    {
        "/version" => FakeEngineHandler.Json("""{"Version":"20.10.24","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}"""),
        "/info" => FakeEngineHandler.Json($$"""{"Swarm":{{swarmInfo}}}"""),
        "/containers/json" or "/networks" => FakeEngineHandler.Json("[]"),
        _ => FakeEngineHandler.Status(HttpStatusCode.NotFound),
    });

    [Theory]
    [InlineData("""{"LocalNodeState":"inactive"}""", "--runner swarm: this Docker engine is not in a swarm")]
    [InlineData("""{"NodeID":"w2","LocalNodeState":"active","ControlAvailable":false}""", "--runner swarm: this Docker engine is a swarm worker (node w2), not a manager")]
    public async Task Swarm_on_an_engine_that_manages_no_swarm_is_refused_in_one_line_before_anything_is_created(string swarm, string message)
    {
        var engine = Engine(swarm);
        using var client = FakeEngine.Client(engine);
        using var cli = new CliRun(_home, client);

        var error = await Assert.ThrowsAsync<UsageException>(() => cli.InvokeAsync(RunCommand.Create, "run", "3", "--runner", "swarm"));

        Assert.StartsWith(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.All(engine.Requests, r => Assert.Equal(HttpMethod.Get, r.Method));
    }

    [Fact]
    public async Task Place_without_the_swarm_runner_is_refused()
    {
        using var client = FakeEngine.Client(Engine("""{"LocalNodeState":"inactive"}"""));
        using var cli = new CliRun(_home, client);

        var error = await Assert.ThrowsAsync<UsageException>(() => cli.InvokeAsync(RunCommand.Create, "run", "3", "--place", "zone=a"));

        Assert.Equal("--place chooses swarm nodes: it needs --runner swarm", error.Message);
    }

    [Theory]
    [InlineData("local", true)]
    [InlineData("swarm", true)]
    [InlineData("k8s", false)]
    public void The_runner_is_local_or_swarm(string runner, bool accepted)
    {
        using var cli = new CliRun(_home);

        var parsed = new RootCommand { RunCommand.Create(cli.Services) }.Parse(["run", "3", "--runner", runner]);

        Assert.Equal(accepted, parsed.Errors.Count == 0);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
