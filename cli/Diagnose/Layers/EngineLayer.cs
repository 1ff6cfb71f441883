namespace CMesh.Cli.Diagnose;

/// <summary>Does a Docker engine answer?</summary>
public sealed class EngineLayer(IMeshFacts facts) : IDiagnosisStep
{
    public DiagnosisLayer Layer => DiagnosisLayer.Engine;

    public async Task<LayerReport> CheckAsync(DiagnosisState state, CancellationToken ct)
    {
        try
        {
            return LayerReport.Ok(Layer, $"Docker {await facts.EngineVersionAsync(ct)} answers");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return LayerReport.Broken(new Verdict(Layer, "docker engine", FailureMode.EngineUnavailable, e.Message));
        }
    }
}
