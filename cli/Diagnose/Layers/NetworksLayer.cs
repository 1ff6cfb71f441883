namespace CMesh.Cli.Diagnose;

/// <summary>Is there such a run, with its control and data networks?</summary>
public sealed class NetworksLayer(IMeshFacts facts) : IDiagnosisStep
{
    public DiagnosisLayer Layer => DiagnosisLayer.Networks;

    public async Task<LayerReport> CheckAsync(DiagnosisState state, CancellationToken ct)
    {
        var run = await facts.RunAsync(state.RequestedRun, ct);
        if (run is null)
        {
            var detail = state.RequestedRun is null ? "no mesh is running: start one with `cmesh run N`" : $"no run named {state.RequestedRun}: `cmesh ls` lists the runs";
            return LayerReport.Broken(new Verdict(Layer, state.RequestedRun ?? "run", FailureMode.NoRun, detail));
        }

        state.Run = run;
        var checks = new[]
        {
            Network("control", run.ControlNetwork, "coordinator, registration, heartbeats"),
            Network("data", run.DataNetwork, "peer links"),
        };
        var missing = checks.FirstOrDefault(c => c.Status == CheckStatus.Failed);
        return missing is null
            ? LayerReport.Ok(Layer, $"run {run.RunId}: control and data networks present", checks)
            : LayerReport.Broken(new Verdict(Layer, missing.Name, FailureMode.NetworkMissing, $"the {missing.Name} of run {run.RunId} is gone"), checks);
    }

    private static Check Network(string name, bool present, string carries) =>
        present ? Check.Ok($"{name} network", $"present ({carries})") : Check.Failed($"{name} network", "missing");
}
