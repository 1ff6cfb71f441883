using CMesh.Cli.Commands;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;
using CMesh.Docker.Swarm;

namespace CMesh.Cli.Running;

/// <summary>
/// `--runner local|swarm` and `--place`, checked before anything starts: a swarm run needs an engine that manages
/// an active swarm and nodes that may take its peers. Every refusal is one line and exit 2.
/// </summary>
public static class RunnerChoice
{
    public const string Local = "local";
    public const string Swarm = "swarm";

    /// <summary>Null for the local runner; where the run goes for the swarm runner.</summary>
    /// <param name="withRegistry">CMESH_REGISTRY is set: nodes without an engine label are then reached through the run's agent.</param>
    public static async Task<SwarmLayout?> ResolveAsync(IDockerEngine engine, RunArguments arguments, bool withRegistry, CancellationToken ct)
    {
        switch (arguments.Runner)
        {
            case Local when arguments.Place is not null:
                throw new UsageException("--place chooses swarm nodes: it needs --runner swarm");
            case Local:
                return null;
            case Swarm:
                var place = arguments.Place is null
                    ? null
                    : PlaceFilter.Parse(arguments.Place) ?? throw new UsageException($"--place {arguments.Place}: give LABEL=VALUE, a node label and its value");
                try
                {
                    return await SwarmLayout.PlanAsync(engine, MeshSpecs.PeerIds(arguments.Peers), place, withRegistry, ct);
                }
                catch (InvalidOperationException e) when (e is NotASwarmManagerException or SwarmPlacementException)
                {
                    throw new UsageException($"--runner swarm: {e.Message}");
                }
            default:
                throw new UsageException($"--runner {arguments.Runner}: give {Local} or {Swarm}");
        }
    }
}
