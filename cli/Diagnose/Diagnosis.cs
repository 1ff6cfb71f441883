using CMesh.Common.Contracts;
namespace CMesh.Cli.Diagnose;

/// <summary>The layers `cmesh diagnose` checks, bottom up; it stops at the first broken one.</summary>
public enum DiagnosisLayer
{
    Engine,
    Networks,
    Containers,
    Coordinator,
    Discovery,
    PeerLinks,
    DataPath,
}

/// <summary>The failure modes users meet, one per verdict.</summary>
public enum FailureMode
{
    EngineUnavailable,
    NoRun,
    NetworkMissing,
    CoordinatorDown,
    PeerDown,
    NoNetwork,
    CoordinatorDnsFailure,
    ConnectionRefused,
    CoordinatorErroring,
    CoordinatorNotResponding,
    NoPeersForSwarm,
    PeerNotResponding,
    NoLinkCandidates,
    DialFailing,
    ReachabilityFailure,
    LinkClosed,
    HeartbeatsFailing,
    NoData,
    DataNotFlowing,
}

public enum CheckStatus
{
    Ok,
    Warning,
    Failed,
    Skipped,
}

/// <summary>One line of the diagnosis tree, with the checks under it.</summary>
public sealed record Check(string Name, CheckStatus Status, string Detail, IReadOnlyList<Check>? Children = null)
{
    public static Check Ok(string name, string detail, IReadOnlyList<Check>? children = null) => new(name, CheckStatus.Ok, detail, children);

    public static Check Failed(string name, string detail, IReadOnlyList<Check>? children = null) => new(name, CheckStatus.Failed, detail, children);

    public static Check Warning(string name, string detail) => new(name, CheckStatus.Warning, detail);

    /// <summary>Ok when the condition holds, else a warning.</summary>
    public static Check New(string name, bool ok, string detail) => new(name, ok ? CheckStatus.Ok : CheckStatus.Warning, detail);
}

/// <summary>What broke: the layer, the component (a container, the coordinator, a peer, a link) and the failure mode.</summary>
public sealed record Verdict(DiagnosisLayer Layer, string Component, FailureMode Failure, string Detail);

/// <summary>What one layer found: its checks, and a verdict when it is broken.</summary>
public sealed record LayerReport(DiagnosisLayer Layer, CheckStatus Status, string Summary, IReadOnlyList<Check> Checks, Verdict? Verdict = null)
{
    public static LayerReport Ok(DiagnosisLayer layer, string summary, IReadOnlyList<Check>? checks = null) =>
        new(layer, CheckStatus.Ok, summary, checks ?? []);

    public static LayerReport Broken(Verdict verdict, IReadOnlyList<Check>? checks = null) =>
        new(verdict.Layer, CheckStatus.Failed, $"{verdict.Component}: {verdict.Detail}", checks ?? [], verdict);

    public static LayerReport NotChecked(DiagnosisLayer layer, string why) => new(layer, CheckStatus.Skipped, why, []);
}

/// <summary>The whole diagnosis: every layer in order, and the verdict of the first broken one (null: healthy).</summary>
/// <param name="ChaosInForce">Faults cmesh chaos has in force on the run, from its chaos.csv: what a verdict may be the expected effect of.</param>
public sealed record DiagnosisReport(string? RunId, DateTimeOffset At, IReadOnlyList<LayerReport> Layers, Verdict? Verdict, IReadOnlyList<InjectedFault> ChaosInForce)
{
    public bool Healthy => Verdict is null;
}

/// <summary>A fault cmesh chaos started on the run and has not ended.</summary>
public sealed record InjectedFault(string FaultId, string Kind, IReadOnlyList<string> Targets, string Parameters, DateTimeOffset Since)
{
    public static InjectedFault From(ChaosEvent start) =>
        new(start.FaultId, start.Kind, start.TargetNames, start.Parameters, DateTimeOffset.FromUnixTimeMilliseconds(start.TimeUnixUs / 1000));
}
