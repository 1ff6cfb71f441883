using CMesh.Docker.Chaos.Injection;

namespace CMesh.Cli.Diagnose;

/// <summary>One layer's check; it reads what the layers below found from the state and adds what it finds.</summary>
public interface IDiagnosisStep
{
    DiagnosisLayer Layer { get; }

    Task<LayerReport> CheckAsync(DiagnosisState state, CancellationToken ct);
}

/// <summary>What the layers found so far, for the layers above.</summary>
public sealed class DiagnosisState(string? requestedRun)
{
    public string? RequestedRun { get; } = requestedRun;

    public RunFacts? Run { get; set; }

    public ICoordinatorProbe? Coordinator { get; set; }

    public CMesh.Common.Contracts.CoordinatorSnapshot? CoordinatorState { get; set; }

    public CMesh.Common.Contracts.MeshView? Mesh { get; set; }

    public RunFacts RequireRun() => Run ?? throw new InvalidOperationException("the networks layer runs first");

    public CMesh.Common.Contracts.MeshView RequireMesh() => Mesh ?? throw new InvalidOperationException("the coordinator layer runs first");
}

/// <summary>Runs the layers bottom up and stops at the first broken one: the layers above it are not checked.</summary>
public sealed class MeshDiagnosis(IReadOnlyList<IDiagnosisStep> steps, TimeProvider clock)
{
    public static MeshDiagnosis Standard(IMeshFacts facts, Func<RunFacts, ICoordinatorProbe> coordinator, INodeProbe nodes, TimeProvider clock) =>
        new(
            [
                new EngineLayer(facts),
                new NetworksLayer(facts),
                new ContainersLayer(),
                new CoordinatorLayer(coordinator, nodes),
                new DiscoveryLayer(),
                new PeerLinksLayer(),
                new DataPathLayer(),
            ],
            clock);

    public async Task<DiagnosisReport> RunAsync(string? runId, CancellationToken ct)
    {
        var state = new DiagnosisState(runId);
        var reports = new List<LayerReport>();
        Verdict? verdict = null;
        foreach (var step in steps)
        {
            if (verdict is not null)
            {
                reports.Add(LayerReport.NotChecked(step.Layer, $"not checked: the {Describe(verdict.Layer)} layer is broken"));
                continue;
            }

            var report = await step.CheckAsync(state, ct);
            reports.Add(report);
            verdict = report.Verdict;
        }

        return new DiagnosisReport(state.Run?.RunId ?? runId, clock.GetUtcNow(), reports, verdict, await ChaosInForceAsync(state.Run, ct));
    }

    /// <summary>The faults in force from the run's chaos.csv; none when there is no run or it has no results folder.</summary>
    private static async Task<IReadOnlyList<InjectedFault>> ChaosInForceAsync(RunFacts? run, CancellationToken ct) =>
        run?.ResultsDirectory is { } directory
            ? (await ChaosEventLog.ForRun(directory).ActiveAsync(ct)).Select(InjectedFault.From).ToList()
            : [];

    public static string Describe(DiagnosisLayer layer) => layer switch
    {
        DiagnosisLayer.Engine => "Docker engine",
        DiagnosisLayer.Networks => "run networks",
        DiagnosisLayer.Containers => "containers",
        DiagnosisLayer.Coordinator => "coordinator",
        DiagnosisLayer.Discovery => "discovery",
        DiagnosisLayer.PeerLinks => "peer links",
        DiagnosisLayer.DataPath => "data path",
        _ => layer.ToString(),
    };
}
