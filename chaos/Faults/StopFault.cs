using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>Stops each target (SIGTERM, then SIGKILL after Grace); with a duration, it is started again when it ends.</summary>
public sealed record StopFault(TimeSpan Grace) : FaultSpec, INodeFault, IDefinesFaultKind
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(10);

    public static FaultKind Definition { get; } = new("stop", 10, f => new StopFault(f.Get("grace", ScenarioValues.Duration, DefaultGrace)))
    {
        Fields = ["grace"],
        BareField = "grace",
        StopsMembers = true,
    };

    public TimeSpan Grace { get; } = FaultCheck.NotNegative(Grace, "grace");

    public override FaultKind Kind => Definition;

    public override DurationRule DurationRule => DurationRule.Optional;

    public override string ToString() => $"stop (grace {ScenarioValues.Format(Grace)})";

    public string Describe(string member) => $"{member}: docker stop --time {(int)Grace.TotalSeconds}, then docker start when it ends";

    public Task ApplyAsync(INodeControl node, CancellationToken ct) => node.StopAsync(Grace, ct);

    public Task UndoAsync(INodeControl node, CancellationToken ct) => node.StartAgainAsync(ct);
}
