using System.Diagnostics;
using CMesh.Docker.Engine;
using Xunit.Abstractions;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// `cmesh chaos` on a mesh of <see cref="SwarmNodes"/>: faults act in the namespaces of peers on other nodes, as seen
/// from outside (nsenter into the task's namespace, each node's own engine), they revert, `cmesh chaos clear` heals
/// what a killed chaos CLI left on every node, and stopping the run leaves nothing on any node.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class SwarmChaosTests(SwarmNodes swarm, ITestOutputHelper output)
{
    private const string RunId = "e2e-swarm-chaos";

    private readonly SwarmChaos _chaos = new(RunId);

    [SkippableFact]
    public async Task Loss_partition_between_nodes_and_an_in_app_fault_act_on_peers_of_every_node_revert_and_leave_nothing_on_any_node()
    {
        swarm.Require();
        var ct = CancellationToken.None;
        var nodes = await swarm.NodeEnginesAsync(ct);
        var run = await StartedRun.StartAsync(RunId, "6", "--runner", "swarm");
        using var watch = Shell.StartCmesh("watch", RunId);
        var watched = watch.StandardOutput.ReadToEndAsync();
        string? workerPeer = null;
        try
        {
            var peers = await _chaos.PeersAsync(nodes, ct);
            Assert.Equal(6, peers.Count);
            var workers = peers.Where(p => p.Node != nodes.Single(n => n.Node.Role == "manager").Node.Hostname).GroupBy(p => p.Node).ToList();
            Assert.True(workers.Count == 2, $"peers on the workers: {string.Join(", ", peers.Select(p => $"{p.Name} on {p.Node}"))}");
            var (target, other, sameNode) = (workers[0].First(), workers[1].First(), workers[0].Last());
            workerPeer = target.Name;
            Assert.NotEqual(target.Name, sameNode.Name);

            // Loss: the target's packets are dropped where they arrive, on the other worker node, by a helper there.
            var loss = await _chaos.StartAsync("loss", "20%", "--targets", target.Name, "--duration", "25s");
            var (lost, _) = await Namespaces.PingAsync(target.Pid, other.DataIp, count: 1000, intervalSeconds: 0.005);
            var helpersOnOther = await nodes.Single(n => n.Node.Hostname == other.Node).Engine.Containers.ListAsync(
                new Dictionary<string, string> { ["cmesh.run"] = RunId, ["cmesh.role"] = "chaos-helper", ["cmesh.peer"] = other.Name }, includeStopped: false, ct);
            await FinishAsync(loss);
            // 1000 draws at 20%: the standard deviation is 1.3 points, so ±4 points is three of them.
            Assert.InRange(lost, 16, 24);
            Assert.Single(helpersOnOther);
            Assert.Equal(0, (await Namespaces.PingAsync(target.Pid, other.DataIp, count: 200, intervalSeconds: 0.005)).LossPercent);

            // A partition between nodes: no traffic from one worker's peers to the other's, while a node's own peers still meet.
            var partition = await _chaos.StartAsync("partition", "nodes", "--duration", "15s");
            Assert.Equal(100, (await Namespaces.PingAsync(target.Pid, other.DataIp, 3, 0.2)).LossPercent);
            Assert.Equal(100, (await Namespaces.PingAsync(other.Pid, target.DataIp, 3, 0.2)).LossPercent);
            Assert.Equal(0, (await Namespaces.PingAsync(target.Pid, sameNode.DataIp, 3, 0.2)).LossPercent);
            await FinishAsync(partition);
            Assert.Equal(0, (await Namespaces.PingAsync(target.Pid, other.DataIp, 3, 0.2)).LossPercent);

            // An in-app fault on a worker's peer, switched through the coordinator (the CLI cannot reach the overlay).
            await FinishAsync(await _chaos.StartAsync("drop-updates", "--targets", other.Name, "--duration", "3s"));
            Assert.Contains(_chaos.Results.ChaosEvents(), r => r.Event == "end" && r.Kind == "drop-updates" && r.Targets == other.Name && r.Detail == "duration");

            // A chaos CLI killed mid-fault leaves its drops behind; `cmesh chaos clear` finds and removes them on every node.
            var killed = await _chaos.StartAsync("partition", "nodes");
            killed.Kill(entireProcessTree: true);
            await killed.WaitForExitAsync();
            Assert.Equal(100, (await Namespaces.PingAsync(target.Pid, other.DataIp, 3, 0.2)).LossPercent);
            var clear = await Shell.CmeshAsync("chaos", "clear", "--run", RunId);
            output.WriteLine(clear.ToString());
            Assert.True(clear.ExitCode == 0, clear.ToString());
            Assert.Equal(0, (await Namespaces.PingAsync(target.Pid, other.DataIp, 3, 0.2)).LossPercent);
            foreach (var peer in peers)
            {
                Assert.Empty(await Namespaces.LeftoversAsync(peer.Pid));
            }

            foreach (var (node, engine) in nodes)
            {
                var helpers = await engine.Containers.ListAsync(new Dictionary<string, string> { ["cmesh.run"] = RunId, ["cmesh.role"] = "chaos-helper" }, includeStopped: true, ct);
                Assert.True(helpers.Count == 0, $"chaos helpers left on {node.Hostname}");
            }
        }
        finally
        {
            var stop = await run.StopAsync();
            output.WriteLine(stop.ToString());
        }

        // `cmesh watch` followed the logs of members on other nodes, through their nodes' engines, until they ended.
        Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(60)), "watch goes on after every member has stopped");
        var lines = (await watched).Split('\n');
        Assert.Contains(lines, l => l.StartsWith("coordinator |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{workerPeer,-11} |", StringComparison.Ordinal) && l.Contains("registered", StringComparison.Ordinal));

        await SwarmRunChecks.NothingLeftAsync(swarm, RunId, ct);
    }

    private async Task FinishAsync(Process cli)
    {
        var text = await ChaosMesh.FinishAsync(cli);
        output.WriteLine(text);
    }
}
