using System.Net;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm.Agents;

/// <summary>
/// A local forward (<see cref="EngineTunnelForward"/>) to each node that a run's agent serves, found from the manager
/// alone: the agent services, each task's node and address on its run's agents network, the run's coordinator's
/// published port and the run's token (<see cref="AgentToken"/>). Any run's agent will do for a node: they all relay
/// to the same engine. A run whose token this machine does not hold, or whose coordinator is not running, serves none.
/// </summary>
public sealed class AgentTunnels : IDisposable
{
    private readonly IReadOnlyDictionary<string, EngineTunnelForward> _byNode;

    private AgentTunnels(IReadOnlyDictionary<string, EngineTunnelForward> byNode) => _byNode = byNode;

    public static AgentTunnels None { get; } = new(new Dictionary<string, EngineTunnelForward>());

    public static async Task<AgentTunnels> OpenAsync(IDockerEngine manager, CancellationToken ct)
    {
        var agents = await manager.Swarm.ListServicesAsync(new Dictionary<string, string>(MeshLabels.AnyRun) { [MeshLabels.Role] = MeshLabels.AgentRole }, ct);
        if (agents.Count == 0)
        {
            return None;
        }

        var inventory = new MeshInventory(manager);
        var runs = await inventory.ListAsync(ct);
        var byNode = new Dictionary<string, EngineTunnelForward>();
        foreach (var agent in agents.OrderBy(a => a.CreatedAt))
        {
            var runId = agent.Labels.GetValueOrDefault(MeshLabels.Run) ?? "";
            if (runs.FirstOrDefault(r => r.RunId == runId) is not { } run
                || AgentToken.Read(runId) is not { } token
                || await inventory.CoordinatorPortAsync(run, ct) is not { } port)
            {
                continue;
            }

            var network = SwarmSpecs.AgentsNetworkName(runId);
            foreach (var task in await manager.Swarm.ListTasksAsync([agent.Id], ct))
            {
                if (task is { State: "running" } && !byNode.ContainsKey(task.NodeId) && task.Addresses.GetValueOrDefault(network) is { } address)
                {
                    byNode[task.NodeId] = EngineTunnelForward.Start(new IPEndPoint(IPAddress.Loopback, port), address.Split('/')[0], token);
                }
            }
        }

        return new AgentTunnels(byNode);
    }

    /// <summary>The node's engine endpoint through an agent; null when no agent serves it.</summary>
    public string? EndpointOf(string nodeId) => _byNode.GetValueOrDefault(nodeId)?.Endpoint;

    public void Dispose()
    {
        foreach (var forward in _byNode.Values)
        {
            forward.Dispose();
        }
    }
}
