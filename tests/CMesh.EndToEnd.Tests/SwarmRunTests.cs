using System.Text.Json;
using CMesh.Common.Records;
using CMesh.Docker.Engine;
using Xunit.Abstractions;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// `cmesh run --runner swarm` on the 3-node swarm of <see cref="SwarmNodes"/>: peers spread over every node, every
/// update delivered, and nothing of the run left on any node afterwards.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class SwarmRunTests(SwarmNodes swarm, ITestOutputHelper output)
{
    private const string RunId = "e2e-swarm-nine";

    private static readonly IReadOnlyDictionary<string, string> RunLabels = new Dictionary<string, string> { ["cmesh.run"] = RunId };

    [SkippableFact]
    public async Task Nine_peers_on_the_swarm_run_on_all_three_nodes_deliver_every_update_and_leave_nothing_on_any_node()
    {
        swarm.Require();
        var ct = CancellationToken.None;
        var results = new ResultFiles(RunId);
        results.Delete();

        var run = Shell.CmeshAsync(["run", "9", "--runner", "swarm", "--duration", "30s", "--name", RunId], null, TimeSpan.FromMinutes(6));
        var peerNodes = await WatchPeerNodesAsync(run, ct);
        var result = await run;

        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("swarm tasks failed or rejected: 0", result.StdOut + result.StdErr);
        var nodes = await swarm.NodeEnginesAsync(ct);
        Assert.Equal(9, peerNodes.Count);
        Assert.Equal(nodes.Select(n => n.Node.Id).Order(), peerNodes.Values.Distinct().Order());

        SwarmRunChecks.EveryUpdateDelivered(results, 9, minimumWrites: 25);
        var peers = Enumerable.Range(1, 9).Select(i => $"peer-{i}").ToList();

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(results.Directory, "run.json")));
        var runner = manifest.RootElement.GetProperty("runner");
        Assert.Equal("swarm", runner.GetProperty("name").GetString());
        Assert.Equal(0, runner.GetProperty("failedTasks").GetInt32());
        var placement = runner.GetProperty("placement");
        var hostnames = nodes.ToDictionary(n => n.Node.Id, n => n.Node.Hostname);
        Assert.All(peers, p => Assert.Equal(hostnames[peerNodes[p]], placement.GetProperty(p).GetString()));

        await SwarmRunChecks.NothingLeftAsync(swarm, RunId, ct);
    }

    /// <summary>While the run lasts, from outside (the manager's task list): the node each peer's running task is on.</summary>
    private async Task<IReadOnlyDictionary<string, string>> WatchPeerNodesAsync(Task run, CancellationToken ct)
    {
        var seen = new Dictionary<string, string>();
        while (!run.IsCompleted && seen.Count < 9)
        {
            var services = (await swarm.Manager.Swarm.ListServicesAsync(RunLabels, ct)).Where(s => s.Labels.ContainsKey("cmesh.peer")).ToList();
            if (services.Count > 0)
            {
                var peerOf = services.ToDictionary(s => s.Id, s => s.Labels["cmesh.peer"]);
                foreach (var task in (await swarm.Manager.Swarm.ListTasksAsync(services.Select(s => s.Id).ToList(), ct)).Where(t => t.State == "running"))
                {
                    seen[peerOf[task.ServiceId]] = task.NodeId;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        output.WriteLine(string.Join(", ", seen.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} on {p.Value}")));
        return seen;
    }
}
