using CMesh.Common.Contracts;

namespace CMesh.Cli.Diagnose;

/// <summary>While the workload runs, does every peer hold recent updates from every other writer?</summary>
public sealed class DataPathLayer : IDiagnosisStep
{
    public DiagnosisLayer Layer => DiagnosisLayer.DataPath;

    public Task<LayerReport> CheckAsync(DiagnosisState state, CancellationToken ct)
    {
        var mesh = state.RequireMesh();
        if (!PeerLinksLayer.DataExpected(mesh))
        {
            return Task.FromResult(new LayerReport(Layer, CheckStatus.Skipped, "the workload is not running (or just started): no updates to follow yet", []));
        }

        var stale = mesh.Nodes
            .Where(n => n.State == PeerState.Running && n.Writers is { } w && w.WritersFresh < w.WritersExpected)
            .OrderBy(n => n.Writers!.WritersFresh)
            .ToList();
        var running = mesh.Nodes.Count(n => n.State == PeerState.Running);
        if (stale.Count == 0)
        {
            return Task.FromResult(LayerReport.Ok(Layer, $"all {running} running peers hold fresh updates from every writer"));
        }

        var checks = stale.Select(n => Check.Failed(n.PeerId, Freshness(n.Writers!))).ToList();
        var worst = stale[0];
        var more = stale.Count > 1 ? $" (and {stale.Count - 1} more peers)" : "";
        return Task.FromResult(LayerReport.Broken(
            new Verdict(Layer, worst.PeerId, FailureMode.DataNotFlowing, Freshness(worst.Writers!) + more), checks));
    }

    private static string Freshness(WriterFreshness w) =>
        $"fresh updates from {w.WritersFresh} of {w.WritersExpected} writers; stalest {(w.WorstStalenessMs < 0 ? "never heard from" : $"{w.WorstStalenessMs / 1000.0:F1} s old")} "
        + $"(fresh within {w.FreshWithinMs / 1000.0:F1} s: the write interval plus the freshness bound)";
}
