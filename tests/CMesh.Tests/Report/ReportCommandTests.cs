using CMesh.Cli;
using CMesh.Cli.Commands;
using CMesh.Common.Records;
using CMesh.Tests.Cli;

namespace CMesh.Tests.Report;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cmesh-home-").FullName;

    [Fact]
    public async Task Report_exits_1_when_an_assertion_fails_so_a_ci_job_can_gate_on_it()
    {
        await new SyntheticRun().WriteAsync(Path.Combine(_home, "results"), "failing");

        Assert.Equal(ExitCodes.RunFailed, await InvokeAsync("report", "failing"));
    }

    [Fact]
    public async Task Report_exits_0_when_every_assertion_holds_and_reports_the_newest_run_by_default()
    {
        await new SyntheticRun().WriteAsync(Path.Combine(_home, "results"), "passing", "  - min-delivered >= 90%\n");

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
        await new SyntheticRun().WriteAsync(results, "a");
        await new SyntheticRun().WriteAsync(results, "b");

        Assert.Equal(ExitCodes.Ok, await InvokeAsync("report", "--compare", "a", "b"));
        var lines = File.ReadAllLines(Path.Combine(results, "b", "report", "compare-with-a.csv"));
        Assert.Equal("figure,unit,a,b,change_b,change_pct_b", lines[0]);
        Assert.Equal("engine,,cmesh,cmesh,,", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("min availability,%,80,80,0,0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compare_puts_three_runs_side_by_side_each_with_its_engine_and_its_change_from_the_first()
    {
        var results = Path.Combine(_home, "results");
        await new SyntheticRun().WriteAsync(results, "built-in");
        await new SyntheticRun().WriteAsync(results, "engine-a");
        await new SyntheticRun(peer3StallsFrom: 8).WriteAsync(results, "engine-b");
        SetEngine(Path.Combine(results, "engine-a"), "automerge");
        SetEngine(Path.Combine(results, "engine-b"), "syncthing");
        using var cli = new CliRun(_home);

        Assert.Equal(ExitCodes.Ok, await cli.InvokeAsync(ReportCommand.Create, "report", "--compare", "built-in", "engine-a", "engine-b"));

        var lines = File.ReadAllLines(Path.Combine(results, "engine-b", "report", "compare-with-built-in-engine-a.csv"));
        Assert.Equal("figure,unit,built-in,engine-a,engine-b,change_engine-a,change_pct_engine-a,change_engine-b,change_pct_engine-b", lines[0]);
        Assert.Equal("engine,,cmesh,automerge,syncthing,,,,", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("min availability,%,80,80,40,0,0,-40,-50", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("link bytes sent per delivery,B,", StringComparison.Ordinal) && l.Contains(",,,", StringComparison.Ordinal));
        Assert.Contains("engine syncthing", cli.Output);
    }

    [Fact]
    public async Task Compare_says_when_the_runs_wrote_on_different_schedules_and_not_when_they_share_a_seed()
    {
        var results = Path.Combine(_home, "results");
        foreach (var (run, seed) in new[] { ("seeded-a", "7"), ("seeded-b", "7"), ("other-seed", "8"), ("unseeded", null) })
        {
            await new SyntheticRun().WriteAsync(results, run);
            if (seed is not null)
            {
                SetWorkloadSeed(Path.Combine(results, run), seed);
            }
        }

        using (var same = new CliRun(_home))
        {
            Assert.Equal(ExitCodes.Ok, await same.InvokeAsync(ReportCommand.Create, "report", "--compare", "seeded-a", "seeded-b"));
            Assert.DoesNotContain("different schedules", same.Errors);
        }

        using var different = new CliRun(_home);
        Assert.Equal(ExitCodes.Ok, await different.InvokeAsync(ReportCommand.Create, "report", "--compare", "seeded-a", "other-seed", "unseeded"));
        Assert.Contains("the runs wrote on different schedules (seeded-a seed 7, other-seed seed 8, unseeded no seed)", different.Errors);
    }

    [Fact]
    public async Task Compare_refuses_a_run_named_twice()
    {
        await new SyntheticRun().WriteAsync(Path.Combine(_home, "results"), "a");

        var error = await Assert.ThrowsAsync<UsageException>(() => InvokeAsync("report", "--compare", "a", "a"));

        Assert.Contains("named twice", error.Message);
    }

    [Fact]
    public async Task Report_prints_the_runs_summary_its_figures_and_the_assertions_checked()
    {
        await new SyntheticRun().WriteAsync(Path.Combine(_home, "results"), "printed", "  - min-delivered >= 90%\n");
        using var cli = new CliRun(_home);

        Assert.Equal(ExitCodes.Ok, await cli.InvokeAsync(ReportCommand.Create, "report", "printed"));

        var lines = cli.Output.Split('\n').Select(line => line.Trim()).ToList();
        Assert.Contains("run printed: 3 peers, 20 s measured, 3 faults", lines);
        Assert.StartsWith("delivered", Assert.Single(lines, l => l.Contains("109 of 110 (99.09%), 1 missing", StringComparison.Ordinal)));
        Assert.StartsWith("availability", Assert.Single(lines, l => l.Contains("min 80%, mean 93.33%", StringComparison.Ordinal)));
        Assert.StartsWith("resync after heal", Assert.Single(lines, l => l.Contains("max 3500 ms", StringComparison.Ordinal)));
        Assert.Matches(@"^│ peer-3 │ +97\.06% │ +1 │", Assert.Single(lines, l => l.StartsWith("│ peer-3", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("│ pause-one │ min-delivered >= 90% │ 97.06%", StringComparison.Ordinal) && l.Contains("pass", StringComparison.Ordinal));
        Assert.Contains("all 1 assertions passed", lines);
        Assert.Contains("cmesh: the host was saturated in 3 of 20 s", cli.Errors);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    /// <summary>A run of another engine: run.json says which, and the link records only the built-in engine writes are gone.</summary>
    private static void SetEngine(string run, string engine)
    {
        var runJson = Path.Combine(run, "run.json");
        File.WriteAllText(runJson, File.ReadAllText(runJson).Replace("\"runId\"", $"\"engine\": \"{engine}\",\n  \"runId\"", StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(Path.Combine(run, "peers"), BandwidthRecord.FileName, SearchOption.AllDirectories)
                     .Concat(Directory.GetFiles(Path.Combine(run, "peers"), ReconnectRecord.FileName, SearchOption.AllDirectories)))
        {
            File.Delete(file);
        }
    }

    private static void SetWorkloadSeed(string run, string seed)
    {
        var runJson = Path.Combine(run, "run.json");
        File.WriteAllText(runJson, File.ReadAllText(runJson).Replace("\"peers\": 3,", $"\"peers\": 3, \"workloadSeed\": {seed},", StringComparison.Ordinal));
    }

    private async Task<int> InvokeAsync(params string[] args)
    {
        using var cli = new CliRun(_home);
        return await cli.InvokeAsync(ReportCommand.Create, args);
    }
}
