using CMesh.Docker.Chaos.Injection;
using CMesh.Docker.Engine;
using CMesh.Docker.Swarm;

namespace CMesh.Docker.Mesh;

/// <summary>
/// The engine that holds each member's container, where its helpers, probes and node faults run: the CLI's engine for
/// a local run; on a swarm, the own engine of the node its task runs on (the endpoint the images were copied through).
/// </summary>
public sealed class MemberEngines : IDisposable
{
    private readonly IDockerEngine _local;
    private readonly NodeEngines? _nodes;

    private MemberEngines(IDockerEngine local, NodeEngines? nodes)
    {
        _local = local;
        _nodes = nodes;
    }

    /// <summary>Every member is on the one engine.</summary>
    public static MemberEngines Local(IDockerEngine engine) => new(engine, null);

    /// <summary>Every node of the swarm the manager knows an engine endpoint for; a member on another node cannot be reached.</summary>
    public static async Task<MemberEngines> OfSwarmAsync(IDockerEngine manager, CancellationToken ct) => new(manager, await NodeEngines.OpenAsync(manager, ct));

    /// <summary>Each node's engine; for a local run the one engine, named local.</summary>
    public IReadOnlyList<NodeEngine> All => _nodes is { All.Count: > 0 } nodes ? nodes.All : [new NodeEngine("", "local", _local)];

    /// <summary>The engines that hold the members, each once; the local one when there are none.</summary>
    public IReadOnlyList<IDockerEngine> Holding(IReadOnlyList<MeshMember> members) =>
        members.Count == 0 ? [_local] : members.Select(For).Distinct().ToList();

    public IDockerEngine For(MeshMember member) => member.NodeId is null ? _local : OfNode(member.NodeId, member.Name);

    /// <exception cref="InvalidOperationException">The node has no engine endpoint the CLI can reach.</exception>
    public IDockerEngine OfNode(string nodeId, string member) =>
        _nodes?.Find(nodeId)?.Engine
        ?? throw new InvalidOperationException($"{member} runs on swarm node {nodeId}, whose engine the CLI cannot reach: label the node with {SwarmLabels.Engine} (docs/swarm.md)");

    /// <summary>The hostname of a node, or its id when the CLI cannot reach it.</summary>
    public string HostnameOf(string nodeId) => _nodes?.Find(nodeId)?.Hostname ?? nodeId;

    public void Dispose() => _nodes?.Dispose();
}
