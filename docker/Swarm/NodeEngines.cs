using CMesh.Docker.Engine;

namespace CMesh.Docker.Swarm;

/// <summary>
/// Clients of swarm nodes' own engines, for those the CLI can reach (<see cref="NodeEndpoints"/>). The manager's is
/// the CLI's own engine: shared, so disposing this closes only the others.
/// </summary>
public sealed class NodeEngines : IDisposable
{
    private readonly IDockerEngine _manager;

    private NodeEngines(IDockerEngine manager, IReadOnlyList<NodeEngine> nodes)
    {
        _manager = manager;
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
            return new NodeEngines(manager, []);
        }

        var nodes = (await manager.Swarm.NodesAsync(ct))
            .Select(n => (Node: n, Endpoint: NodeEndpoints.Of(n, membership)))
            .Where(n => n.Endpoint is not null)
            .Select(n => (n.Node, n.Endpoint!));
        return Open(manager, nodes);
    }

    /// <summary>The given nodes, each through its endpoint.</summary>
    public static NodeEngines Open(IDockerEngine manager, IEnumerable<(SwarmNode Node, string Endpoint)> nodes) =>
        new(manager, nodes.Select(n => new NodeEngine(n.Node.Id, n.Node.Hostname, NodeEndpoints.Open(n.Endpoint, manager))).ToList());

    public NodeEngine? Find(string nodeId) => All.FirstOrDefault(n => n.Id == nodeId);

    public void Dispose()
    {
        foreach (var node in Others)
        {
            (node.Engine as IDisposable)?.Dispose();
        }
    }
}

/// <summary>A node's own engine.</summary>
public sealed record NodeEngine(string Id, string Hostname, IDockerEngine Engine);
