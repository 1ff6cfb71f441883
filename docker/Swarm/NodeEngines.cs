using CMesh.Docker.Engine;
using CMesh.Docker.Swarm.Agents;

namespace CMesh.Docker.Swarm;

/// <summary>
/// Clients of swarm nodes' own engines, for those the CLI can reach (<see cref="NodeEndpoints"/>), directly or through
/// a run's agent (<see cref="AgentTunnels"/>). The manager's is the CLI's own engine: shared, so disposing this
/// closes only the others, and the tunnels.
/// </summary>
public sealed class NodeEngines : IDisposable
{
    private readonly IDockerEngine _manager;
    private readonly AgentTunnels _tunnels;

    private NodeEngines(IDockerEngine manager, IReadOnlyList<NodeEngine> nodes, AgentTunnels tunnels)
    {
        _manager = manager;
        _tunnels = tunnels;
        All = nodes;
    }

    public IReadOnlyList<NodeEngine> All { get; }

    /// <summary>Every node but the one whose engine is the CLI's own.</summary>
    public IReadOnlyList<NodeEngine> Others => All.Where(n => !ReferenceEquals(n.Engine, _manager)).ToList();

    /// <summary>Every node of the swarm the engine manages that has an endpoint; none when it manages no active swarm.</summary>
    public static async Task<NodeEngines> OpenAsync(IDockerEngine manager, CancellationToken ct)
    {
        var membership = await manager.Swarm.MembershipAsync(ct);
        if (!membership.IsActive || !membership.IsManager)
        {
            return new NodeEngines(manager, [], AgentTunnels.None);
        }

        var nodes = await manager.Swarm.NodesAsync(ct);
        var tunnels = nodes.All(n => NodeEndpoints.Of(n, membership) is not null) ? AgentTunnels.None : await AgentTunnels.OpenAsync(manager, ct);
        var engines = new List<NodeEngine>();
        foreach (var node in nodes)
        {
            if (NodeEndpoints.Of(node, membership) is { } endpoint)
            {
                engines.Add(new NodeEngine(node.Id, node.Hostname, NodeEndpoints.Open(endpoint, manager)));
            }
            else if (tunnels.EndpointOf(node.Id) is { } tunnel)
            {
                engines.Add(new NodeEngine(node.Id, node.Hostname, NodeEndpoints.Open(tunnel, manager), ThroughAgent: true));
            }
        }

        return new NodeEngines(manager, engines, tunnels);
    }

    /// <summary>The given nodes, each through its endpoint.</summary>
    public static NodeEngines Open(IDockerEngine manager, IEnumerable<(SwarmNode Node, string Endpoint)> nodes) =>
        new(manager, nodes.Select(n => new NodeEngine(n.Node.Id, n.Node.Hostname, NodeEndpoints.Open(n.Endpoint, manager))).ToList(), AgentTunnels.None);

    public NodeEngine? Find(string nodeId) => All.FirstOrDefault(n => n.Id == nodeId);

    public void Dispose()
    {
        foreach (var node in Others)
        {
            (node.Engine as IDisposable)?.Dispose();
        }

        _tunnels.Dispose();
    }
}

/// <summary>A node's own engine; <paramref name="ThroughAgent"/>: reached through a run's agent, which goes with that run.</summary>
public sealed record NodeEngine(string Id, string Hostname, IDockerEngine Engine, bool ThroughAgent = false);
