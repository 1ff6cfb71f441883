namespace CMesh.Cli.Diagnose;

/// <summary>Does discovery return peers for the swarm key the coordinator holds?</summary>
public sealed class DiscoveryLayer : IDiagnosisStep
{
    public DiagnosisLayer Layer => DiagnosisLayer.Discovery;

    public async Task<LayerReport> CheckAsync(DiagnosisState state, CancellationToken ct)
    {
        var run = state.RequireRun();
        var coordinator = state.CoordinatorState ?? throw new InvalidOperationException("the coordinator layer runs first");
        var found = await state.Coordinator!.DiscoverAsync(coordinator.SwarmId, ct);
        var running = run.Peers.Count(p => p.State is "running" or "paused");
        var registered = Check.New("registered", coordinator.RegisteredPeers >= running,
            $"{coordinator.RegisteredPeers} of {running} running peers ({coordinator.ExpectedPeers} expected)");
        var refused = coordinator.RegistrationsRefused == 0
            ? Check.Ok("refused registrations", "none")
            : Check.Warning("refused registrations", $"{coordinator.RegistrationsRefused} (wrong swarm key)");
        var discovered = new Check($"discovery for swarm {coordinator.SwarmId}", found > 0 ? CheckStatus.Ok : CheckStatus.Failed, $"{found} peers returned");
        Check[] checks = [registered, refused, discovered];
        if (found > 0)
        {
            return LayerReport.Ok(Layer, $"{found} peers returned for the swarm; {coordinator.RegisteredPeers} registered", checks);
        }

        var why = coordinator.RegistrationsRefused > 0
            ? $"{coordinator.RegistrationsRefused} registrations refused for a wrong swarm key"
            : $"none of the {running} running peers has registered";
        return LayerReport.Broken(new Verdict(Layer, $"discovery (swarm {coordinator.SwarmId})", FailureMode.NoPeersForSwarm, $"no peers for the swarm key: {why}"), checks);
    }
}
