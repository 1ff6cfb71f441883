using CMesh.Cli;
using CMesh.Cli.Commands;
using CMesh.Tests.Cli;

namespace CMesh.Tests.Report;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cmesh-home-").FullName;

    [Fact]
    public async Task Report_exits_1_when_an_assertion_fails_so_a_ci_job_can_gate_on_it()
    {
        new SyntheticRun().Write(Path.Combine(_home, "results"), "failing");

        Assert.Equal(ExitCodes.RunFailed, await InvokeAsync("report", "failing"));
    }

    [Fact]
    public async Task Report_exits_0_when_every_assertion_holds_and_reports_the_newest_run_by_default()
    {
        new SyntheticRun().Write(Path.Combine(_home, "results"), "passing", "  - min-delivered >= 90%\n");

        Assert.Equal(ExitCodes.Ok, await InvokeAsync("report"));
        Assert.True(File.Exists(Path.Combine(_home, "results", "passing", "report", "report.html")));
    }

    [Fact]
    public async Task Report_of_a_run_with_no_results_is_a_usage_error()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => InvokeAsync("report", "nowhere"));

        Assert.StartsWith("no results for run nowhere", error.Message);
    }

    [Fact]
    public async Task Compare_writes_both_runs_figures_side_by_side()
    {
        var results = Path.Combine(_home, "results");
        new SyntheticRun().Write(results, "a");
        new SyntheticRun().Write(results, "b");

        Assert.Equal(ExitCodes.Ok, await InvokeAsync("report", "--compare", "a", "b"));
        var lines = File.ReadAllLines(Path.Combine(results, "b", "report", "compare-with-a.csv"));
        Assert.Equal("figure,unit,a,b,change,change_pct", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("min availability,%,80,80,0,0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_prints_the_runs_summary_its_figures_and_the_assertions_checked()
    {
        new SyntheticRun().Write(Path.Combine(_home, "results"), "printed", "  - min-delivered >= 90%\n");
        using var cli = new CliRun(_home);

        Assert.Equal(ExitCodes.Ok, await cli.InvokeAsync(ReportCommand.Create, "report", "printed"));

        var lines = cli.Output.Split('\n').Select(line => line.Trim()).ToList();
        Assert.Contains("run printed: 3 peers, 20 s measured, 3 faults", lines);
        Assert.StartsWith("delivered", Assert.Single(lines, l => l.Contains("109 of 110 (99.09%), 1 missing", StringComparison.Ordinal)));
        Assert.StartsWith("availability", Assert.Single(lines, l => l.Contains("min 80%, mean 93.33%", StringComparison.Ordinal)));
        Assert.StartsWith("resync after heal", Assert.Single(lines, l => l.Contains("max 3000 ms", StringComparison.Ordinal)));
        Assert.Matches(@"^│ peer-3 │ +97\.06% │ +1 │", Assert.Single(lines, l => l.StartsWith("│ peer-3", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("│ pause-one │ min-delivered >= 90% │ 97.06%", StringComparison.Ordinal) && l.Contains("pass", StringComparison.Ordinal));
        Assert.Contains("all 1 assertions passed", lines);
        Assert.Contains("cmesh: the host was saturated in 3 of 20 s", cli.Errors);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<int> InvokeAsync(params string[] args)
    {
        using var cli = new CliRun(_home);
        return await cli.InvokeAsync(ReportCommand.Create, args);
    }
}
