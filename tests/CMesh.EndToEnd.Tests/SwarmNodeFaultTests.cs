using CMesh.Common.Records;
using CMesh.Docker.Engine;
using Xunit.Abstractions;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// Node faults on a peer of a worker node of <see cref="SwarmNodes"/>: a pause freezes its task's container; a stop,
/// and each kill of a churn, ends it, and the revert is a fresh task of the peer's service on the same node (a swarm
/// will not start an ended task's container again) that goes on from the journal in its results volume.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class SwarmNodeFaultTests(SwarmNodes swarm, ITestOutputHelper output)
{
    private const string RunId = "e2e-swarm-node-faults";

    private readonly SwarmChaos _chaos = new(RunId);

    [SkippableFact]
    public async Task A_worker_nodes_peer_paused_stopped_and_churned_comes_back_on_its_node_each_time_with_its_history_and_catches_up()
    {
        swarm.Require();
        var ct = CancellationToken.None;
        var nodes = await swarm.NodeEnginesAsync(ct);
        var manager = nodes.Single(n => n.Node.Role == "manager").Node;
        await using var run = await StartedRun.StartAsync(RunId, "6", "--runner", "swarm");
        var target = (await _chaos.PeersAsync(nodes, ct)).First(p => p.Node != manager.Hostname);
        var (node, engine) = nodes.Single(n => n.Node.Hostname == target.Node);
        var service = $"cmesh-{RunId}-{target.Name}";

        // Pause: the same container, frozen while the fault holds, then thawed.
        var pause = await _chaos.StartAsync("pause", "--targets", target.Name, "--duration", "5s");
        Assert.True((await engine.Containers.InspectAsync(target.ContainerId, ct))!.Paused, $"{target.Name} is not paused");
        await FinishAsync(pause);
        var thawed = (await engine.Containers.InspectAsync(target.ContainerId, ct))!;
        Assert.Equal((true, false), (thawed.Running, thawed.Paused));

        // Stop: the task's container ends; the revert is a fresh task of the peer's service, on the same node.
        var stop = await _chaos.StartAsync("stop", "--targets", target.Name, "--duration", "5s");
        Assert.False((await engine.Containers.InspectAsync(target.ContainerId, ct))!.Running, $"{target.Name} still runs");
        await FinishAsync(stop);
        var afterStop = await RunningOnAsync(node, engine, target.Name, ct);
        Assert.NotEqual(target.ContainerId, afterStop.ContainerId);

        // Churn in one CLI: each kill finds the peer's container of the moment, each return is another fresh task.
        var tasksBefore = (await swarm.Manager.Swarm.ListTasksAsync([service], ct)).Count;
        await FinishAsync(await _chaos.StartAsync("churn", "--targets", target.Name, "--duration", "20s", "--set", "interval=6s", "--set", "downtime=2s"));
        var tasks = await swarm.Manager.Swarm.ListTasksAsync([service], ct);
        Assert.True(tasks.Count >= tasksBefore + 2, $"{service} has {tasks.Count} tasks, {tasksBefore} before the churn");
        Assert.All(tasks, t => Assert.Equal(node.Id, t.NodeId));
        var afterChurn = await RunningOnAsync(node, engine, target.Name, ct);
        Assert.NotEqual(afterStop.ContainerId, afterChurn.ContainerId);
        Assert.Single(tasks, t => t.State == "running");

        await Task.Delay(TimeSpan.FromSeconds(8), ct);
        var stopped = await run.StopAsync();
        Assert.True(stopped.ExitCode == 0, stopped.ToString());

        // Its writer sequence went on across four containers without a gap (writes a kill kept out of writes.csv are
        // recorded from the journal), its journal was read back, every other peer saw every update and all converged.
        var sequences = _chaos.Results.Records<WriteRecord>(target.Name).Select(r => r.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.True(_chaos.Results.Summary(target.Name).RestoredFromJournal > 0, $"{target.Name} did not restore its journal");
        Assert.Single(Enumerable.Range(1, 6).Select(i => _chaos.Results.StateDigest($"peer-{i}")).Distinct());
        SwarmRunChecks.EveryUpdateDelivered(_chaos.Results, 6, minimumWrites: 10, killedReaders: [target.Name]);
        Assert.DoesNotContain(_chaos.Results.ChaosEvents(), e => e.Event == "end" && e.Detail != "duration");

        await SwarmRunChecks.NothingLeftAsync(swarm, RunId, ct);
    }

    /// <summary>The one running container of the peer on its node, waited for: a fresh task takes a moment to start.</summary>
    private async Task<PeerOnNode> RunningOnAsync(SwarmNode node, IDockerEngine engine, string peer, CancellationToken ct) =>
        (await Eventually.ResultAsync(
            async () => (await _chaos.PeersAsync([(node, engine)], ct)).SingleOrDefault(p => p.Name == peer),
            running => running is not null,
            TimeSpan.FromSeconds(60),
            _ => $"{peer} is not running on {node.Hostname}"))!;

    private async Task FinishAsync(System.Diagnostics.Process cli) => output.WriteLine(await ChaosMesh.FinishAsync(cli));
}
