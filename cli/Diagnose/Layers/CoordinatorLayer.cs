using CMesh.Common.Contracts;

namespace CMesh.Cli.Diagnose;

/// <summary>
/// Is the coordinator reachable and answering in time, from the host (TCP connect, HTTP status, time) and from the
/// peers (each peer's own view of its coordinator link, asked of the peers whose heartbeats do not arrive)?
/// </summary>
public sealed class CoordinatorLayer(Func<RunFacts, ICoordinatorProbe> connect, INodeProbe nodes) : IDiagnosisStep
{
    private const int PeersAsked = 8;

    public DiagnosisLayer Layer => DiagnosisLayer.Coordinator;

    public async Task<LayerReport> CheckAsync(DiagnosisState state, CancellationToken ct)
    {
        var run = state.RequireRun();
        if (run.CoordinatorPort is not { } port)
        {
            return LayerReport.Broken(new Verdict(Layer, "coordinator", FailureMode.CoordinatorDown, "its port is not published on 127.0.0.1"));
        }

        var probe = connect(run);
        state.Coordinator = probe;
        var reach = await probe.ReachAsync(ct);
        var fromHost = new Check($"from the host (127.0.0.1:{port})", reach.Failure is null ? CheckStatus.Ok : CheckStatus.Failed, reach.Detail);
        if (reach.Failure is { } failure)
        {
            var paused = run.Coordinator?.State == "paused" ? " (its container is paused)" : "";
            return LayerReport.Broken(new Verdict(Layer, "coordinator", Mode(failure), reach.Detail + paused), [fromHost]);
        }

        try
        {
            state.CoordinatorState = await probe.StateAsync(ct);
            state.Mesh = await probe.MeshAsync(ct);
        }
        catch (HttpRequestException e)
        {
            return LayerReport.Broken(new Verdict(Layer, "coordinator", FailureMode.CoordinatorErroring, $"GET /state or /v1/mesh failed: {e.Message}"), [fromHost]);
        }

        var peersView = await PeersViewAsync(run, state.Mesh, ct);
        var checks = new List<Check> { fromHost };
        if (peersView.Count == 0)
        {
            checks.Add(Check.Ok("from the peers", "every registered peer's heartbeats arrive"));
            return LayerReport.Ok(Layer, $"answers in {reach.Elapsed.TotalMilliseconds:F0} ms; heartbeats arrive", checks);
        }

        checks.Add(Check.Failed("from the peers", $"{peersView.Count} peers cannot reach it",
            peersView.Select(p => Check.Failed(p.Peer, $"{Name(p.Link.State)}: {p.Link.Failure?.ToString().ToLowerInvariant() ?? "?"}: {p.Link.Error}")).ToList()));
        var common = peersView.GroupBy(p => Mode(p.Link)).OrderByDescending(g => g.Count()).First();
        var first = common.First();
        var component = $"coordinator as {string.Join(", ", common.Take(3).Select(p => p.Peer))}{(common.Count() > 3 ? $" and {common.Count() - 3} more" : "")} see it";
        return LayerReport.Broken(new Verdict(Layer, component, common.Key, $"{first.Link.Error} ({first.Link.ConsecutiveFailures} failures in a row)"), checks);
    }

    /// <summary>The coordinator links of running peers that do not heartbeat (unregistered, late or silent) and that say why.</summary>
    private async Task<List<(string Peer, CoordinatorLinkSnapshot Link)>> PeersViewAsync(RunFacts run, MeshView mesh, CancellationToken ct)
    {
        var fresh = mesh.Nodes.Where(n => n.Freshness == NodeFreshness.Fresh).Select(n => n.PeerId).ToHashSet();
        var asked = run.Peers.Where(p => p.State == "running" && !fresh.Contains(p.Member)).Take(PeersAsked).ToList();
        var states = await Task.WhenAll(asked.Select(p => nodes.StateAsync(p, ct)));
        return asked.Zip(states)
            .Where(pair => pair.Second is { Coordinator.State: not CoordinatorLinkState.Responding })
            .Select(pair => (pair.First.Member, pair.Second!.Coordinator))
            .ToList();
    }

    private static FailureMode Mode(CoordinatorLinkSnapshot link) =>
        link.State == CoordinatorLinkState.Open ? FailureMode.CoordinatorNotResponding : Mode(link.Failure ?? FailureKind.Other);

    public static FailureMode Mode(FailureKind failure) => failure switch
    {
        FailureKind.Dns => FailureMode.CoordinatorDnsFailure,
        FailureKind.Refused => FailureMode.ConnectionRefused,
        FailureKind.Unreachable => FailureMode.NoNetwork,
        FailureKind.Rejected => FailureMode.CoordinatorErroring,
        _ => FailureMode.CoordinatorNotResponding,
    };

    private static string Name(CoordinatorLinkState state) => state == CoordinatorLinkState.Open ? "connected, no answer" : state.ToString().ToLowerInvariant();
}
