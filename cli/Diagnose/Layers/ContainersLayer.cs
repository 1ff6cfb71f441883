namespace CMesh.Cli.Diagnose;

/// <summary>
/// Are the coordinator and every peer container running? A paused container is left to the layers above, which
/// see what users see of it: a coordinator or a peer that does not answer.
/// </summary>
public sealed class ContainersLayer : IDiagnosisStep
{
    public DiagnosisLayer Layer => DiagnosisLayer.Containers;

    public Task<LayerReport> CheckAsync(DiagnosisState state, CancellationToken ct)
    {
        var run = state.RequireRun();
        var checks = new List<Check>();
        var coordinator = run.Coordinator;
        checks.Add(coordinator is null ? Check.Failed("coordinator", "no container") : Container(coordinator));
        var peers = run.Peers.ToList();
        var downPeers = peers.Where(p => !Up(p)).ToList();
        var paused = peers.Where(p => p.State == "paused").Select(p => p.Member).ToList();
        checks.Add(downPeers.Count == 0
            ? new Check("peers", paused.Count == 0 ? CheckStatus.Ok : CheckStatus.Warning,
                $"{peers.Count} running" + (paused.Count == 0 ? "" : $", paused: {string.Join(", ", paused)}"))
            : Check.Failed("peers", $"{peers.Count - downPeers.Count}/{peers.Count} running", downPeers.Select(Container).ToList()));

        // Chaos helpers are left out: they share their peer's namespace and have no network of their own.
        var detached = (coordinator is null ? peers : peers.Prepend(coordinator))
            .Where(Up).Select(c => (Container: c, Missing: MissingNetwork(c))).Where(d => d.Missing is not null).ToList();
        checks.AddRange(detached.Select(d => Check.Failed(d.Container.Member, $"not attached to the run's {d.Missing}")));

        Verdict? verdict = coordinator is null || !Up(coordinator)
            ? new Verdict(Layer, "coordinator", FailureMode.CoordinatorDown, coordinator is null ? "the run has no coordinator container" : $"container {coordinator.State} ({coordinator.Status})")
            : peers.Count == 0 ? new Verdict(Layer, "peers", FailureMode.PeerDown, "the run has no peer containers")
            : downPeers.Count > 0 ? new Verdict(Layer, downPeers[0].Member, FailureMode.PeerDown, Down(downPeers))
            : detached.Count > 0 ? new Verdict(Layer, detached[0].Container.Member, FailureMode.NoNetwork, Detached(detached[0].Container, detached[0].Missing!))
            : null;
        return Task.FromResult(verdict is null
            ? LayerReport.Ok(Layer, $"coordinator and {peers.Count} peers running", checks)
            : LayerReport.Broken(verdict, checks));
    }

    private static string? MissingNetwork(ContainerFact container) =>
        container.ControlIp is null ? "control network"
        : container.Role == "peer" && container.DataIp is null ? "data network"
        : null;

    private static string Detached(ContainerFact container, string network) => network == "control network"
        ? $"running, but not attached to the run's control network: it cannot reach {(container.Role == "peer" ? "the coordinator" : "the peers, nor they it")}"
        : "running, but not attached to the run's data network: it can reach no peer and no peer can reach it";

    private static bool Up(ContainerFact container) => container.State is "running" or "paused";

    private static Check Container(ContainerFact container) =>
        new(container.Member, container.State == "running" ? CheckStatus.Ok : Up(container) ? CheckStatus.Warning : CheckStatus.Failed, $"{container.State} ({container.Status})");

    private static string Down(IReadOnlyList<ContainerFact> down) =>
        $"container {down[0].State} ({down[0].Status})" + (down.Count > 1 ? $"; also down: {string.Join(", ", down.Skip(1).Select(d => d.Member))}" : "");
}
