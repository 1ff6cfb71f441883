using System.Text.Json;
using Xunit.Abstractions;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// `cmesh run --runner swarm` measures every node's clock against the CLI's (the coordinator's directly, the others
/// through the coordinator and their peers) and writes them in run.json's clocks section. The three nodes of
/// <see cref="SwarmNodes"/> share this machine's clock, so each offset must be zero within the bound it states.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class SwarmClockTests(SwarmNodes swarm, ITestOutputHelper output)
{
    private const string RunId = "e2e-swarm-clocks";

    /// <summary>Rounding, and the wall clock's slewing against the monotonic one during an exchange.</summary>
    private const long ToleranceUs = 100;

    private const long SmallBoundUs = 50_000;

    [SkippableFact]
    public async Task A_swarm_run_writes_every_node_s_clock_at_both_ends_of_the_workload_in_run_json_and_on_one_machine_each_offset_is_zero_within_its_bound()
    {
        swarm.Require();
        var results = new ResultFiles(RunId);
        results.Delete();

        var run = await Shell.CmeshAsync(["run", "6", "--runner", "swarm", "--duration", "20s", "--name", RunId], null, TimeSpan.FromMinutes(6));

        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("swarm: clocks against this one:", run.StdOut);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(results.Directory, "run.json")));
        var placement = Strings(manifest.RootElement.GetProperty("runner").GetProperty("placement"));
        var clocks = manifest.RootElement.GetProperty("clocks");
        Assert.Equal(placement, Strings(clocks.GetProperty("placement")));
        var hostnames = (await swarm.NodeEnginesAsync(CancellationToken.None)).Select(n => n.Node.Hostname).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(hostnames, placement.Values.Distinct().Order(StringComparer.Ordinal));

        // Measured as the workload began and again as it ended: one clock here, so no drift beyond the two bounds.
        var nodes = clocks.GetProperty("nodes").EnumerateArray().ToList();
        var atEnd = clocks.GetProperty("atEnd").EnumerateArray().ToList();
        Assert.Equal(hostnames, nodes.Select(n => n.GetProperty("node").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(hostnames, atEnd.Select(n => n.GetProperty("node").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains("swarm: clock drift over the run:", run.StdOut);
        foreach (var node in nodes.Concat(atEnd))
        {
            var (offset, bound) = (node.GetProperty("offsetUs").GetInt64(), node.GetProperty("errorBoundUs").GetInt64());
            output.WriteLine($"{node.GetProperty("node").GetString()}: {offset} ± {bound} µs, {node.GetProperty("samples").GetInt32()} samples");
            Assert.InRange(bound, 1, SmallBoundUs);
            Assert.InRange(Math.Abs(offset), 0, bound + ToleranceUs);
        }

        var report = await Shell.CmeshAsync("report", RunId);
        Assert.True(report.ExitCode == 0, report.ToString());
        var figures = await File.ReadAllTextAsync(Path.Combine(results.Directory, "report", "csv", "figures.csv"));
        Assert.Contains("clocks corrected per node: ± ", figures);
        Assert.Contains("measured as the workload began and again as it ended, 3 of 3 nodes both times", figures);
    }

    private static Dictionary<string, string> Strings(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
