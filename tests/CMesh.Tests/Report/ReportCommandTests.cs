using System.CommandLine;
using CMesh.Cli;
using CMesh.Cli.Commands;
using CMesh.Cli.Settings;

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

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<int> InvokeAsync(params string[] args)
    {
        using var services = new CliServices(() => CliSettings.Load(_home));
        var root = new RootCommand { ReportCommand.Create(services) };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = TextWriter.Null });
    }
}
