using System.Net;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm.Agents;

/// <summary>
/// Waits until the run's agent runs on each of the given nodes (a task that failed there ends the wait with its error),
/// then until each node's engine answers through it: the swarm counts a task as running before the agent in it
/// listens, and a tunnel opened then is refused (502).
/// </summary>
public sealed class AgentsReadiness(IDockerEngine manager, TimeProvider clock)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public async Task WaitAsync(string runId, IReadOnlyList<SwarmNode> nodes, CancellationToken ct)
    {
        var name = RunId.ContainerName(runId, MeshLabels.AgentRole);
        var network = SwarmSpecs.AgentsNetworkName(runId);
        var deadline = clock.GetUtcNow() + Limit;
        while (true)
        {
            var service = (await manager.Swarm.ListServicesAsync(MeshLabels.ForRun(runId), ct)).FirstOrDefault(s => s.Name == name)
                ?? throw new InvalidOperationException($"the agent service {name} is gone");
            var tasks = await manager.Swarm.ListTasksAsync([service.Id], ct);
            var waiting = nodes.Where(n => !tasks.Any(t => t.NodeId == n.Id && t.State == "running" && t.Addresses.ContainsKey(network))).ToList();
            if (waiting.Count == 0)
            {
                return;
            }

            if (clock.GetUtcNow() > deadline)
            {
                var why = waiting.Select(n => tasks.Where(t => t.NodeId == n.Id).MaxBy(t => t.Timestamp) is { } last
                    ? $"{n.Hostname}: {last.State} {(last.Error.Length > 0 ? last.Error : last.Message)}"
                    : $"{n.Hostname}: no task");
                throw new InvalidOperationException(
                    $"the run's agent did not run within {Limit.TotalSeconds:F0} s on {string.Join("; ", why)}; see `docker service ps {name} --no-trunc`");
            }

            await Task.Delay(Poll, clock, ct);
        }
    }

    /// <summary>Asks each node's engine for its version through the agent until it answers, within the same limit.</summary>
    public async Task WaitAnsweringAsync(IReadOnlyList<NodeEngine> nodes, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + Limit;
        foreach (var node in nodes)
        {
            while (true)
            {
                try
                {
                    await node.Engine.System.VersionAsync(ct);
                    break;
                }
                // How the node's end of the tunnel (EngineTunnelForward) answers for a tunnel the coordinator could not open.
                catch (DockerEngineException e) when (e.StatusCode == (int)HttpStatusCode.BadGateway)
                {
                    if (clock.GetUtcNow() > deadline)
                    {
                        throw new InvalidOperationException($"the engine of node {node.Hostname} does not answer through the run's agent within {Limit.TotalSeconds:F0} s: {e.Message}", e);
                    }
                }

                await Task.Delay(Poll, clock, ct);
            }
        }
    }
}
