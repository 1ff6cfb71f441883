using System.CommandLine;
using CMesh.Cli;
using CMesh.Cli.Commands;
using CMesh.Cli.Settings;

namespace CMesh.Tests.Chaos;

public sealed class ChaosCommandTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cmesh-home-").FullName;

    [Fact]
    public async Task Chaos_ls_lists_the_scenarios_of_the_repository_it_runs_in()
    {
        Write("quiet.yaml", "name: quiet\ndescription: nothing much\nsteps:\n  - at: 10s\n    fault: { kind: heal }\n");

        Assert.Equal(ExitCodes.Ok, await InvokeAsync("chaos", "ls"));
    }

    [Fact]
    public async Task Chaos_ls_turns_a_bad_scenario_file_into_a_usage_error_naming_it()
    {
        Write("loud.yaml", "name: loud\ndescription: too loud\nsteps:\n  - at: 10s\n    duration: 1m\n    fault: { kind: loss, percent: 120 }\n");

        var error = await Assert.ThrowsAsync<UsageException>(() => InvokeAsync("chaos", "ls"));

        Assert.Equal("scenarios/loud.yaml:6: steps[0].fault.percent: 120 is not a percentage (0-100)", error.Message);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private void Write(string file, string yaml)
    {
        Directory.CreateDirectory(Path.Combine(_home, "scenarios"));
        File.WriteAllText(Path.Combine(_home, "scenarios", file), yaml);
    }

    private async Task<int> InvokeAsync(params string[] args)
    {
        using var services = new CliServices(() => CliSettings.Load(_home));
        var root = new RootCommand { ChaosCommand.Create(services) };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = TextWriter.Null });
    }
}
