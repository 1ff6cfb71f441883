using CMesh.Common.Contracts;

namespace CMesh.Cli.Diagnose;

/// <summary>What the Docker engine says about the engine itself and a run's networks and containers.</summary>
public interface IMeshFacts
{
    /// <summary>The engine's version; throws with the reason when no engine answers.</summary>
    Task<string> EngineVersionAsync(CancellationToken ct);

    /// <summary>The named run (else the newest); null when there is none.</summary>
    Task<RunFacts?> RunAsync(string? runId, CancellationToken ct);
}

/// <param name="CoordinatorPort">The coordinator's port published on 127.0.0.1; null when not published (not running).</param>
/// <param name="ResultsDirectory">results/&lt;run&gt; on the host, whose chaos.csv names the faults in force; null when the run has no label for it.</param>
public sealed record RunFacts(string RunId, bool ControlNetwork, bool DataNetwork, IReadOnlyList<ContainerFact> Containers, int? CoordinatorPort, string? ResultsDirectory = null)
{
    public ContainerFact? Coordinator => Containers.FirstOrDefault(c => c.Role == "coordinator");

    public IEnumerable<ContainerFact> Peers => Containers.Where(c => c.Role == "peer");
}

/// <param name="Member">coordinator, or the peer's id.</param>
/// <param name="State">The engine's state: running, paused, exited, restarting, created, dead.</param>
/// <param name="ControlIp">Its address on the run's control network, which the host can reach; null when it has none.</param>
/// <param name="DataIp">Its address on the run's data network (peers only); null when it has none.</param>
public sealed record ContainerFact(string Member, string Role, string State, string Status, string? ControlIp, string? DataIp = null);

/// <summary>The CLI's own view of the coordinator, through the port published on 127.0.0.1.</summary>
public interface ICoordinatorProbe
{
    /// <summary>TCP connect, then GET /healthz within the limit; never throws for a network failure.</summary>
    Task<Reachability> ReachAsync(CancellationToken ct);

    Task<CoordinatorSnapshot> StateAsync(CancellationToken ct);

    Task<MeshView> MeshAsync(CancellationToken ct);

    /// <summary>How many peers discovery returns for the swarm.</summary>
    Task<int> DiscoverAsync(string swarmId, CancellationToken ct);
}

/// <param name="Failure">Null when the coordinator answered in time with a success.</param>
/// <param name="HttpStatus">The status it answered with, when it answered.</param>
public sealed record Reachability(FailureKind? Failure, int? HttpStatus, TimeSpan Elapsed, string Detail);

/// <summary>Peers' own introspection, on their control-network addresses.</summary>
public interface INodeProbe
{
    /// <summary>The peer's GET /state; null when it does not answer.</summary>
    Task<PeerSnapshot?> StateAsync(ContainerFact peer, CancellationToken ct);

    /// <summary>POST /probe on the peer; null when it cannot write one (not registered, not answering).</summary>
    Task<ProbeWritten?> WriteProbeAsync(ContainerFact peer, CancellationToken ct);

    /// <summary>GET /probes/{id}; null when the probe has not reached the peer (or the peer does not answer).</summary>
    Task<ProbeSighting?> SightingAsync(ContainerFact peer, string probeId, CancellationToken ct);
}
