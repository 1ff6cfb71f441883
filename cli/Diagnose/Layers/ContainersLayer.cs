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

        Verdict? verdict = coordinator is null || !Up(coordinator)
            ? new Verdict(Layer, "coordinator", FailureMode.CoordinatorDown, coordinator is null ? "the run has no coordinator container" : $"container {coordinator.State} ({coordinator.Status})")
            : peers.Count == 0 ? new Verdict(Layer, "peers", FailureMode.PeerDown, "the run has no peer containers")
            : downPeers.Count > 0 ? new Verdict(Layer, downPeers[0].Member, FailureMode.PeerDown, Down(downPeers))
            : null;
        return Task.FromResult(verdict is null
            ? LayerReport.Ok(Layer, $"coordinator and {peers.Count} peers running", checks)
            : LayerReport.Broken(verdict, checks));
    }

    private static bool Up(ContainerFact container) => container.State is "running" or "paused";

    private static Check Container(ContainerFact container) =>
        new(container.Member, container.State == "running" ? CheckStatus.Ok : Up(container) ? CheckStatus.Warning : CheckStatus.Failed, $"{container.State} ({container.Status})");

    private static string Down(IReadOnlyList<ContainerFact> down) =>
        $"container {down[0].State} ({down[0].Status})" + (down.Count > 1 ? $"; also down: {string.Join(", ", down.Skip(1).Select(d => d.Member))}" : "");
}
