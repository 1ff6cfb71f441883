using CMesh.Common.Clocks;
using CMesh.Common.Contracts;
using CMesh.Docker.Results;
using CMesh.Report.Input;

namespace CMesh.Tests.Clocks;

/// <summary>run.json's clocks section: what the runner writes through RunManifest is what the report reads through RunInfo.</summary>
public sealed class RunJsonClocksTests : IDisposable
{
    private static readonly RunClocks Clocks = new(
        [new NodeClock("node-a", 0, 40, 8), new NodeClock("node-b", 250_300, 420, 8), new NodeClock("node-c", -1_200_000_000, 1_500, 6)],
        new Dictionary<string, string> { ["coordinator"] = "node-a", ["peer-1"] = "node-a", ["peer-2"] = "node-b", ["peer-3"] = "node-c" });

    private readonly string _run = Directory.CreateTempSubdirectory("cmesh-runjson-").FullName;

    [Fact]
    public async Task The_clocks_the_manifest_writes_are_the_clocks_the_report_reads()
    {
        await Manifest(Clocks).WriteAsync(_run, CancellationToken.None);

        var tally = new InputTally();
        var read = RunInfo.Read(_run, tally);

        Assert.Equivalent(Clocks, read.Clocks, strict: true);
        Assert.Equivalent(Clocks, (await RunManifest.ReadAsync(_run, CancellationToken.None))!.Clocks, strict: true);
        Assert.True(tally.IsComplete);
        Assert.Equal(250_300, read.Clocks!.Of("peer-2")!.OffsetUs);
        Assert.Null(read.Clocks.Of("peer-9"));
    }

    [Fact]
    public async Task Clocks_measured_again_at_the_end_round_trip_and_each_node_is_corrected_by_the_mean_with_half_its_drift_in_the_bound()
    {
        var both = Clocks with { AtEnd = [new NodeClock("node-a", 10, 60, 8), new NodeClock("node-b", 252_300, 300, 8)] };
        await Manifest(both).WriteAsync(_run, CancellationToken.None);

        var read = RunInfo.Read(_run, new InputTally()).Clocks!;

        Assert.Equivalent(both, read, strict: true);
        Assert.Equal(new Dictionary<string, long> { ["node-a"] = 10, ["node-b"] = 2_000 }, read.Drift);
        Assert.Equal(new NodeClock("node-a", 5, 60 + 5, 16), read.Of("peer-1"));
        Assert.Equal(new NodeClock("node-b", 251_300, 420 + 1_000, 16), read.Of("peer-2"));
        // node-c was not measured again: its start alone, whose bound says nothing of drift.
        Assert.Equal(Clocks.Nodes[2], read.Of("peer-3"));
        Assert.Equal(1_500 + 1_420, new ClockCorrection(read).ResidualBoundUs);
    }

    [Fact]
    public async Task A_run_on_one_machine_has_no_clocks_section_and_one_clock()
    {
        await Manifest(null).WriteAsync(_run, CancellationToken.None);

        Assert.DoesNotContain($"\"{RunClocks.JsonName}\"", await File.ReadAllTextAsync(Path.Combine(_run, RunManifest.FileName)));
        Assert.Null(RunInfo.Read(_run, new InputTally()).Clocks);
    }

    [Fact]
    public void A_clocks_section_without_placement_is_named_unreadable_and_nothing_is_corrected()
    {
        File.WriteAllText(Path.Combine(_run, RunInfo.FileName), """{ "runId": "r", "clocks": { "nodes": [ { "node": "a", "offsetUs": 5, "errorBoundUs": 1, "samples": 8 } ] } }""");
        var tally = new InputTally();

        var read = RunInfo.Read(_run, tally);

        Assert.Null(read.Clocks);
        Assert.Contains(tally.UnreadableFiles, f => f.StartsWith("run.json clocks", StringComparison.Ordinal));
        Assert.Equal("r", read.RunId);
    }

    [Fact]
    public void The_residual_bound_is_the_two_largest_bounds_of_the_nodes_in_use_and_nothing_on_one_node_or_without_clocks()
    {
        var correction = new ClockCorrection(Clocks);

        Assert.Equal(1_500 + 420, correction.ResidualBoundUs);
        Assert.Equal(0, correction.PairBoundUs("peer-1", "coordinator"));
        Assert.Equal(40 + 1_500, correction.PairBoundUs("peer-1", "peer-3"));
        Assert.Null(ClockCorrection.None.ResidualBoundUs);
        Assert.Equal(1_500, new ClockCorrection(Clocks with { Placement = new Dictionary<string, string> { ["peer-3"] = "node-c" } }).ResidualBoundUs);
    }

    public void Dispose() => Directory.Delete(_run, recursive: true);

    private static RunManifest Manifest(RunClocks? clocks) => new(
        "r", "cmesh run 3", new TestPlan(3, 1000, 16, 2, 4, 1000, 5000, 30),
        new RunImages("base", "sha256:1", "coordinator", "sha256:2", "peer", "sha256:3"),
        new HostFacts("manager", 2, 1 << 30, "Linux", "6.1", "27.0", "1.47", "swarm: one clock per node, see clocks"),
        DateTimeOffset.UnixEpoch.AddYears(57), Clocks: clocks);
}
