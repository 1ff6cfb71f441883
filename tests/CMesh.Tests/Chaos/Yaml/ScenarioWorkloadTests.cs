using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Yaml;
using CMesh.Common.Contracts;

namespace CMesh.Tests.Chaos.Yaml;

public sealed class ScenarioWorkloadTests
{
    private const string ScenarioFile = "scenarios/tuned.yaml";
    private const string Head = "name: tuned\ndescription: a scenario that changes the workload\n";
    private const string Steps = "steps:\n  - at: 30s\n    fault:\n      kind: heal\n";

    [Fact]
    public void The_workload_block_reads_each_of_its_keys()
    {
        var workload = Read("""
            workload:
              write-interval: 250ms
              payload: 512
              gossip: lazy
              min-peers: 3
            """);

        Assert.Equal(new WorkloadOverrides(TimeSpan.FromMilliseconds(250), 512, GossipMode.Lazy, 3), workload);
        Assert.Equal("write every 250ms, 512 B payload, gossip lazy, at least 3 peers", workload!.ToString());
    }

    [Theory]
    [InlineData("1ms", 1)]
    [InlineData("25s", 25_000)]
    [InlineData("60s", 60_000)]
    public void A_write_interval_from_1ms_to_60s_is_taken(string written, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Read($"workload:\n  write-interval: {written}\n")!.WriteInterval);
    }

    [Theory]
    [InlineData("61s", "1m1s")]
    [InlineData("0s", "0s")]
    public void A_write_interval_outside_1ms_to_60s_is_refused_naming_the_file_line_and_range(string written, string read)
    {
        var errors = Errors($"workload:\n  write-interval: {written}\n");

        Assert.Equal([$"scenarios/tuned.yaml:4: workload.write-interval: {read} is outside 1ms-60s"], errors);
    }

    [Theory]
    [InlineData("flood", GossipMode.Flood)]
    [InlineData("lazy", GossipMode.Lazy)]
    public void Gossip_is_flood_or_lazy(string written, GossipMode read)
    {
        Assert.Equal(read, Read($"workload:\n  gossip: {written}\n")!.Gossip);
    }

    [Fact]
    public void A_workload_without_gossip_leaves_the_runs_gossip_as_it_is()
    {
        Assert.Null(Read("workload:\n  payload: 16\n")!.Gossip);
    }

    [Theory]
    [InlineData("rumour")]
    [InlineData("Lazy")]
    public void A_gossip_neither_flood_nor_lazy_is_refused_naming_the_file_line_and_field(string written)
    {
        var errors = Errors($"workload:\n  write-interval: 500ms\n  gossip: {written}\n");

        Assert.Equal([$"scenarios/tuned.yaml:5: workload.gossip: '{written}' is not a gossip mode: use one of flood, lazy"], errors);
    }

    [Fact]
    public void An_unknown_workload_key_is_named_with_the_keys_there_are()
    {
        var errors = Errors("workload:\n  gossip-mode: lazy\n");

        Assert.Equal(["scenarios/tuned.yaml:4: workload.gossip-mode: unknown field (expected write-interval, payload, gossip, min-peers)"], errors);
    }

    private static WorkloadOverrides? Read(string workload) => ScenarioReader.Read(Yaml(workload), ScenarioFile).Workload;

    private static IReadOnlyList<string> Errors(string workload) =>
        Assert.Throws<ScenarioFileException>(() => ScenarioReader.Read(Yaml(workload), ScenarioFile)).Errors.Select(e => e.ToString()).ToList();

    private static string Yaml(string workload) => $"{Head}{workload}\n{Steps}";
}
