using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm.Agents;

/// <summary>Waits until the run's agent runs on each of the given nodes; a task that failed there ends the wait with its error.</summary>
public sealed class AgentsReadiness(IDockerEngine manager, TimeProvider clock)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

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

            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }
    }
}
