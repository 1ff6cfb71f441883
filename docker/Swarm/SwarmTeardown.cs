using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm;

/// <summary>
/// The swarm part of ending a run: the chaos helpers and probes on every node go first (a helper shares a task's
/// network namespace), then its peers' services (the swarm then removes their tasks' containers on each node) until
/// no peer's task container is left on any node; then the records left on the other nodes' results volumes come back
/// and the volumes go (<see cref="RemoteRecords.DrainAsync"/>); then the coordinator and the agent, and its swarm
/// secrets. The
/// overlay networks go after, with the rest of the run (<see cref="MeshTeardown"/>).
/// </summary>
public sealed class SwarmTeardown(IDockerEngine engine, TimeProvider clock)
{
    private static readonly TimeSpan ContainersLimit = TimeSpan.FromSeconds(60);

    /// <summary>Returns the records that came back from the volumes as they went (those not collected before).</summary>
    public async Task<CollectedRecords> RemoveServicesAsync(RunInventory run, CancellationToken ct)
    {
        using var nodes = await NodeEngines.OpenAsync(engine, ct);
        await RemoveHelpersAsync(nodes.All, run.RunId, ct);

        // Peers first, as locally, so no peer loses its coordinator while it still runs. The coordinator and the
        // agent go last: the CLI reaches the nodes without an engine label through both, until their volumes are drained.
        foreach (var service in run.Services.Where(s => Role(s) == MeshLabels.PeerRole))
        {
            await engine.Swarm.RemoveServiceAsync(service.Id, ct);
        }

        await WaitForTaskContainersToGoAsync(nodes.All, run.RunId, c => c.Labels.GetValueOrDefault(MeshLabels.Role) == MeshLabels.PeerRole, ct);
        var drained = await new RemoteRecords(engine).DrainAsync(MeshLabels.ForRun(run.RunId), ct);
        foreach (var service in run.Services.Where(s => Role(s) != MeshLabels.PeerRole).OrderBy(s => Role(s) == MeshLabels.AgentRole ? 1 : 0))
        {
            await engine.Swarm.RemoveServiceAsync(service.Id, ct);
        }

        // A node reached through the agent cannot be watched once the agent is gone; the swarm removes its task there.
        await WaitForTaskContainersToGoAsync(nodes.All.Where(n => !n.ThroughAgent).ToList(), run.RunId, _ => true, ct);
        await new SwarmSecrets(engine).RemoveAsync(MeshLabels.ForRun(run.RunId), ct);
        return drained;
    }

    private static string? Role(ServiceInfo service) => service.Labels.GetValueOrDefault(MeshLabels.Role);

    /// <summary>Peers whose task still runs, among those not yet reported stopped (by peer id).</summary>
    public async Task<int> RunningPeersAsync(RunInventory run, IReadOnlySet<string> stopped, CancellationToken ct)
    {
        var peers = run.Services.Where(s => s.Labels.GetValueOrDefault(MeshLabels.Role) == MeshLabels.PeerRole
                                            && !stopped.Contains(s.Labels.GetValueOrDefault(MeshLabels.Peer) ?? "")).ToList();
        if (peers.Count == 0)
        {
            return 0;
        }

        var tasks = await engine.Swarm.ListTasksAsync(peers.Select(p => p.Id).ToList(), ct);
        return tasks.Where(t => t.State == "running").Select(t => t.ServiceId).Distinct().Count();
    }

    /// <summary>The run's containers that no task owns (chaos helpers, kernel probes), on every node.</summary>
    private static async Task RemoveHelpersAsync(IReadOnlyList<NodeEngine> nodes, string runId, CancellationToken ct)
    {
        foreach (var node in nodes)
        {
            foreach (var helper in (await node.Engine.Containers.ListAsync(MeshLabels.ForRun(runId), includeStopped: true, ct)).Where(c => !c.Labels.ContainsKey(RemoteRecords.TaskLabel)))
            {
                await node.Engine.Containers.RemoveAsync(helper.Id, force: true, ct);
            }
        }
    }

    /// <summary>Polls every node's own engine until none holds a task container of the run that <paramref name="among"/> takes; throws naming what is left after a minute.</summary>
    private async Task WaitForTaskContainersToGoAsync(IReadOnlyList<NodeEngine> nodes, string runId, Func<ContainerSummary, bool> among, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + ContainersLimit;
        while (true)
        {
            var left = new List<string>();
            foreach (var node in nodes)
            {
                var containers = await node.Engine.Containers.ListAsync(MeshLabels.ForRun(runId), includeStopped: true, ct);
                left.AddRange(containers.Where(c => c.Labels.ContainsKey(RemoteRecords.TaskLabel) && among(c)).Select(c => $"{c.Name} on {node.Hostname}"));
            }

            if (left.Count == 0)
            {
                return;
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new InvalidOperationException($"task containers of run {runId} still there a minute after their services were removed: {string.Join(", ", left)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }
    }
}
