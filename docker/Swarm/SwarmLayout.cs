using CMesh.Docker.Engine;

namespace CMesh.Docker.Swarm;

/// <summary>
/// Where a swarm run goes, decided before anything starts: the manager the CLI talks to (the coordinator's node),
/// each peer's node, and each node's engine endpoint (images are copied there), or <see cref="NodeEndpoints.Agent"/>
/// for a node the CLI reaches through the run's agent.
/// </summary>
/// <param name="DirectNodeIds">Every node of the swarm the CLI reaches without an agent: its own and the labelled ones.</param>
public sealed record SwarmLayout(
    SwarmMembership Manager, SwarmNode ManagerNode, IReadOnlyDictionary<string, SwarmNode> Peers, IReadOnlyDictionary<string, string> Endpoints, IReadOnlyList<string>? DirectNodeIds = null)
{
    /// <summary>
    /// Throws <see cref="NotASwarmManagerException"/> on an engine that does not manage an active swarm, and
    /// <see cref="SwarmPlacementException"/> when no node may take the peers, or one that must has no engine endpoint
    /// and no registry (<paramref name="withRegistry"/>) can give it the images.
    /// </summary>
    public static async Task<SwarmLayout> PlanAsync(IDockerEngine engine, IReadOnlyList<string> peerIds, PlaceFilter? place, bool withRegistry, CancellationToken ct)
    {
        var membership = await engine.Swarm.MembershipAsync(ct);
        if (!membership.IsActive || !membership.IsManager)
        {
            throw new NotASwarmManagerException(membership);
        }

        var nodes = await engine.Swarm.NodesAsync(ct);
        var manager = nodes.FirstOrDefault(n => n.Id == membership.NodeId)
            ?? throw new SwarmPlacementException($"the manager's own node {membership.NodeId} is not among the swarm's nodes");
        if (!manager.Schedulable)
        {
            throw new SwarmPlacementException($"the manager {manager.Hostname} is {manager.State} / {manager.Availability}: the coordinator runs there, so it must be ready and active");
        }

        var peers = SwarmPlacement.Plan(peerIds, nodes, place);
        var endpoints = new Dictionary<string, string>();
        foreach (var node in peers.Values.Append(manager).DistinctBy(n => n.Id))
        {
            endpoints[node.Id] = NodeEndpoints.Of(node, membership)
                ?? (withRegistry
                    ? NodeEndpoints.Agent
                    : throw new SwarmPlacementException($"node {node.Hostname} has no {SwarmLabels.Engine} label, so its engine cannot be given the images: set CMESH_REGISTRY (the run then reaches the node through an agent) or `docker node update --label-add {SwarmLabels.Engine}=tcp://ADDRESS:2376 {node.Hostname}` (docs/swarm.md)"));
        }

        var direct = nodes.Where(n => NodeEndpoints.Of(n, membership) is not null).Select(n => n.Id).ToList();
        return new SwarmLayout(membership, manager, peers, endpoints, direct);
    }

    /// <summary>The nodes the run uses that the CLI reaches only through the run's agent.</summary>
    public IReadOnlyList<SwarmNode> AgentNodes => Nodes.Where(n => Endpoints.GetValueOrDefault(n.Id) == NodeEndpoints.Agent).ToList();

    /// <summary>The nodes the run uses, the manager first.</summary>
    public IReadOnlyList<SwarmNode> Nodes => Peers.Values.Prepend(ManagerNode).DistinctBy(n => n.Id).ToList();

    /// <summary>Member (coordinator, peer-K) to the hostname of its node, for run.json.</summary>
    public IReadOnlyDictionary<string, string> Placement(string coordinatorName) =>
        Peers.Select(p => (p.Key, p.Value.Hostname)).Prepend((coordinatorName, ManagerNode.Hostname)).ToDictionary(p => p.Item1, p => p.Item2);
}
