using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Swarm;

/// <summary>
/// One node as `cmesh nodes` shows it: the node, whether it is the engine the CLI talks to, its engine endpoint (null:
/// none known), the CMesh tasks running there and what it has free (null: its engine cannot be reached, or it holds
/// no CMesh image to read it with).
/// </summary>
public sealed record SwarmNodeView(SwarmNode Node, bool IsLocal, string? Endpoint, int CmeshTasks, NodeLoad? Free = null);

/// <summary>
/// The swarm's nodes, read through a manager, with the tasks of CMesh's services (labelled cmesh.managed=true) counted
/// per node, and each reachable node's free memory and idle CPU read on the node (<see cref="NodeLoadProbe"/>).
/// </summary>
public sealed class SwarmInventory(IDockerEngine engine, TimeProvider clock)
{
    /// <summary>Throws <see cref="NotASwarmManagerException"/> when the engine is not a manager of an active swarm.</summary>
    public async Task<IReadOnlyList<SwarmNodeView>> NodesAsync(CancellationToken ct)
    {
        var membership = await engine.Swarm.MembershipAsync(ct);
        if (!membership.IsActive || !membership.IsManager)
            throw new NotASwarmManagerException(membership);
        var nodes = await engine.Swarm.NodesAsync(ct);
        var services = await engine.Swarm.ListServicesAsync(MeshLabels.AnyRun, ct);
        // Without a service to filter on, the engine would list every task of the swarm.
        var running = services.Count == 0
            ? []
            : (await engine.Swarm.ListTasksAsync(services.Select(s => s.Id).ToList(), ct)).Where(t => t.State == "running").ToList();
        var free = await FreeAsync(nodes, ct);
        return nodes
            .Select(n => new SwarmNodeView(n, n.Id == membership.NodeId, NodeEndpoints.Of(n, membership), running.Count(t => t.NodeId == n.Id), free.GetValueOrDefault(n.Id)))
            .OrderBy(v => v.Node.Role == "manager" ? 0 : 1)
            .ThenBy(v => v.Node.Hostname, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The free resources of each of these nodes the CLI can reach, read on all of them at once (a second each).</summary>
    public async Task<IReadOnlyDictionary<string, NodeLoad>> FreeAsync(IReadOnlyList<SwarmNode> nodes, CancellationToken ct)
    {
        using var engines = await NodeEngines.OpenAsync(engine, ct);
        var wanted = engines.All.Select(reachable => (reachable, Node: nodes.FirstOrDefault(n => n.Id == reachable.Id))).Where(r => r.Node is not null);
        var reads = await Task.WhenAll(wanted.Select(async pair =>
        {
            var (reachable, cores) = (pair.reachable, pair.Node!.Cpus);
            try
            {
                return (reachable.Id, Load: await NodeLoadProbe.ReadAsync(reachable.Engine, cores, clock, ct));
            }
            catch (Exception e) when (e is DockerEngineException or EngineUnavailableException or FormatException)
            {
                return (reachable.Id, Load: null);
            }
        }));
        return reads.Where(r => r.Load is not null).ToDictionary(r => r.Id, r => r.Load!);
    }
}

/// <summary>The engine is in no swarm, or only a worker of one: nodes and services are a manager's to list.</summary>
public sealed class NotASwarmManagerException(SwarmMembership membership) : InvalidOperationException(Describe(membership))
{
    public SwarmMembership Membership { get; } = membership;

    private static string Describe(SwarmMembership m) => m switch
    {
        { State: "inactive" } => "this Docker engine is not in a swarm: start one with `docker swarm init` (or ./docker/swarm-nodes.sh up K for K nodes on this machine), or point DOCKER_HOST at a manager",
        { IsActive: true } => $"this Docker engine is a swarm worker (node {m.NodeId}), not a manager: point DOCKER_HOST at a manager",
        _ => $"this Docker engine's swarm is {m.State}{(m.Error.Length > 0 ? $" ({m.Error})" : "")}: nodes are listed on an active manager",
    };
}
