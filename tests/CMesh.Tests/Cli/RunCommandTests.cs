using System.CommandLine;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Yaml;
using CMesh.Cli;
using CMesh.Cli.Commands;
using CMesh.Common.Contracts;

namespace CMesh.Tests.Cli;

public sealed class RunCommandTests : IDisposable
{
    private static readonly Scenario Tuned = ScenarioReader.Read(
        """
        name: tuned
        description: a scenario that changes the workload
        workload:
          write-interval: 250ms
          payload: 512
          gossip: lazy
        steps:
          - at: 30s
            duration: 10s
            fault:
              kind: pause
        """,
        "scenarios/tuned.yaml");

    private readonly string _home = Directory.CreateTempSubdirectory("cmesh-home-").FullName;

    [Theory]
    [InlineData("flood", true)]
    [InlineData("lazy", true)]
    [InlineData("rumour", false)]
    public void Gossip_is_flood_or_lazy(string gossip, bool accepted)
    {
        using var cli = new CliRun(_home);

        var parsed = new RootCommand { RunCommand.Create(cli.Services) }.Parse(["run", "3", "--gossip", gossip]);

        Assert.Equal(accepted, parsed.Errors.Count == 0);
    }

    [Theory]
    [InlineData("0s", true)]
    [InlineData("45s", true)]
    [InlineData("-1s", false)]
    [InlineData("soon", false)]
    public void A_settle_may_be_zero_but_not_negative_nor_anything_but_a_duration(string settle, bool accepted)
    {
        using var cli = new CliRun(_home);

        var parsed = new RootCommand { RunCommand.Create(cli.Services) }.Parse(["run", "3", "--settle", settle]);

        Assert.Equal(accepted, parsed.Errors.Count == 0);
    }

    [Fact]
    public async Task A_write_interval_over_a_minute_is_refused_before_anything_starts()
    {
        using var cli = new CliRun(_home);

        var error = await Assert.ThrowsAsync<UsageException>(() => cli.InvokeAsync(RunCommand.Create, "run", "3", "--write-interval", "61s"));

        Assert.Equal("--write-interval 61000 ms: peers write at least once a minute, at most once a millisecond", error.Message);
    }

    [Fact]
    public async Task A_workload_shorter_than_the_write_interval_is_refused_before_anything_starts()
    {
        using var cli = new CliRun(_home);

        var error = await Assert.ThrowsAsync<UsageException>(() => cli.InvokeAsync(RunCommand.Create, "run", "3", "--write-interval", "25s", "--duration", "20s"));

        Assert.Equal("a workload of 20 s is shorter than the write interval (25 s): some peers would write nothing", error.Message);
    }

    [Fact]
    public void A_scenarios_workload_fills_in_what_the_command_line_left_out()
    {
        var played = Arguments().Playing(Tuned, TimeSpan.FromSeconds(30));

        Assert.Equal((TimeSpan.FromMilliseconds(250), 512, GossipMode.Lazy), (played.WriteInterval, played.PayloadBytes, played.Gossip));
    }

    [Fact]
    public void A_flag_beats_the_scenarios_workload()
    {
        var flags = Arguments() with { WriteInterval = TimeSpan.FromMilliseconds(100), PayloadBytes = 8, Gossip = GossipMode.Flood };

        var played = flags.Playing(Tuned, TimeSpan.FromSeconds(30));

        Assert.Equal((TimeSpan.FromMilliseconds(100), 8, GossipMode.Flood), (played.WriteInterval, played.PayloadBytes, played.Gossip));
    }

    [Fact]
    public void A_scenario_without_a_workload_leaves_the_settings_to_fill_in()
    {
        var played = Arguments().Playing(Tuned with { Workload = null }, TimeSpan.FromSeconds(30));

        Assert.Equal((null, null, null), (played.WriteInterval, played.PayloadBytes, played.Gossip));
    }

    [Fact]
    public void A_scenario_run_lasts_the_scenario_and_the_cool_down_given_or_by_default()
    {
        var byDefault = Arguments().Playing(Tuned, TimeSpan.FromSeconds(30));
        var given = (Arguments() with { CoolDown = TimeSpan.FromSeconds(5) }).Playing(Tuned, TimeSpan.FromSeconds(30));

        Assert.Equal((TimeSpan.FromSeconds(70), TimeSpan.FromSeconds(45)), (byDefault.Duration, given.Duration));
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private static RunArguments Arguments() => new(3, null, null, null, null, null, null, false, "cmesh run 3 --scenario tuned");
}
