using System.Net;
using CMesh.Cli;
using CMesh.Cli.Commands;
using CMesh.Tests.Cli;
using CMesh.Tests.Docker;

namespace CMesh.Tests.Chaos;

public sealed class ChaosCommandTests : IDisposable
{
    private const long T0 = 1_750_000_000_000_000;
    private const string Header = "time_unix_us,event,fault_id,kind,targets,parameters,mechanism,detail\n";
    private readonly string _home = Directory.CreateTempSubdirectory("cmesh-home-").FullName;

    private string RunDirectory => Path.Combine(_home, "results", "run-1");

    [Fact]
    public async Task Chaos_ls_lists_each_scenario_with_its_steps_length_and_assertions()
    {
        Write("lossy.yaml", "name: lossy\ndescription: a little loss\nsteps:\n  - at: 10s\n    duration: 20s\n    fault: { kind: loss, percent: 5% }\n    targets: peer-1\nassertions:\n  - min-delivered >= 90%\n");
        using var cli = new CliRun(_home, FakeEngine.Client(Engine(runs: "[]")));

        Assert.Equal(ExitCodes.Ok, await cli.InvokeAsync(ChaosCommand.Create, "chaos", "ls"));

        var row = Assert.Single(cli.Output.Split('\n'), line => line.Contains("lossy", StringComparison.Ordinal));
        Assert.Contains("a little loss", row);
        Assert.Contains("at 10s", row);
        Assert.Contains("loss 5%", row);
        Assert.Contains("30s", row);
        Assert.Contains("min-delivered >= 90%", row);
        Assert.DoesNotContain("faults in force", cli.Output);
    }

    [Fact]
    public async Task Chaos_ls_shows_the_faults_in_force_on_the_run_and_marks_those_whose_cli_has_gone()
    {
        Write("lossy.yaml", "name: lossy\ndescription: a little loss\nsteps:\n  - at: 10s\n    fault: { kind: heal }\n");
        Directory.CreateDirectory(RunDirectory);
        File.WriteAllText(Path.Combine(RunDirectory, "chaos.csv"), Header
            + $"{T0},start,a1,loss,peer-1 peer-3,loss 20%,nft,seed 7; pid {Environment.ProcessId}\n"
            + $"{T0 + 1},start,a2,pause,peer-2,pause,docker,seed 7; pid {int.MaxValue}\n"
            + $"{T0 + 2},start,a3,rate,peer-4,rate 1mbit,tbf,seed 7; pid {Environment.ProcessId}\n"
            + $"{T0 + 3},end,a3,rate,peer-4,rate 1mbit,tbf,duration\n");
        using var cli = new CliRun(_home, FakeEngine.Client(Engine(runs: $$$"""
            [{"Id":"c1","Names":["/cmesh-run-1-peer-1"],"Image":"cmesh/peer","State":"running","Status":"Up","Labels":{"cmesh.managed":"true","cmesh.run":"run-1","cmesh.role":"peer","cmesh.results":"{{{RunDirectory}}}"}}]
            """)));

        Assert.Equal(ExitCodes.Ok, await cli.InvokeAsync(ChaosCommand.Create, "chaos", "ls"));

        Assert.Contains("faults in force on run run-1", cli.Output);
        var lines = cli.Output.Split('\n');
        var live = Assert.Single(lines, line => line.Contains(" a1 ", StringComparison.Ordinal));
        Assert.Contains("loss 20%", live);
        Assert.Contains($"cmesh (pid {Environment.ProcessId})", live);
        var orphan = Assert.Single(lines, line => line.Contains(" a2 ", StringComparison.Ordinal));
        Assert.Contains($"pid {int.MaxValue}, gone", orphan);
        Assert.Contains("cmesh chaos clear", cli.Output);
        Assert.DoesNotContain(lines, line => line.Contains(" a3 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chaos_ls_turns_a_bad_scenario_file_into_a_usage_error_naming_it()
    {
        Write("loud.yaml", "name: loud\ndescription: too loud\nsteps:\n  - at: 10s\n    duration: 1m\n    fault: { kind: loss, percent: 120 }\n");
        using var cli = new CliRun(_home, FakeEngine.Client(Engine(runs: "[]")));

        var error = await Assert.ThrowsAsync<UsageException>(() => cli.InvokeAsync(ChaosCommand.Create, "chaos", "ls"));

        Assert.Equal("scenarios/loud.yaml:6: steps[0].fault.percent: 120 is not a percentage (0-100)", error.Message);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    /// <summary>An engine that answers its version and lists the given containers and no network.</summary>
    private static FakeEngineHandler Engine(string runs) => new(request => request.Path switch
    {
        "/version" => FakeEngineHandler.Json("""{"Version":"20.10.24","ApiVersion":"1.41","Os":"linux","Arch":"amd64","KernelVersion":"6.1"}"""),
        "/containers/json" => FakeEngineHandler.Json(runs),
        "/networks" => FakeEngineHandler.Json("[]"),
        // A lone engine: in no swarm, so a run has no services.
        "/info" => FakeEngineHandler.Json("""{"Swarm":{"LocalNodeState":"inactive"}}"""),
        _ => FakeEngineHandler.Status(HttpStatusCode.NotFound),
    });

    private void Write(string file, string yaml)
    {
        Directory.CreateDirectory(Path.Combine(_home, "scenarios"));
        File.WriteAllText(Path.Combine(_home, "scenarios", file), yaml);
    }
}
