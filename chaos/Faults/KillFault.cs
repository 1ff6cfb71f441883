using CMesh.Chaos.Mechanisms;

namespace CMesh.Chaos.Faults;

/// <summary>Sends Signal to each target's main process; with a duration, the target is started again when it ends.</summary>
public sealed record KillFault(string Signal) : FaultSpec, INodeFault, IDefinesFaultKind
{
    public const string DefaultSignal = UnixSignal.Kill;

    public static FaultKind Definition { get; } = new("kill", 9, f => new KillFault(f.Get("signal", text => text, DefaultSignal)))
    {
        Fields = ["signal"],
        BareField = "signal",
        StopsMembers = true,
    };

    public string Signal { get; } = UnixSignal.Check(Signal, "signal");

    public override FaultKind Kind => Definition;

    public override DurationRule DurationRule => DurationRule.Optional;

    public override string ToString() => $"kill ({Signal})";

    public string Describe(string member) => $"{member}: docker kill --signal {Signal}, then docker start when it ends";

    public Task ApplyAsync(INodeControl node, CancellationToken ct) => node.KillAsync(Signal, ct);

    public Task UndoAsync(INodeControl node, CancellationToken ct) => node.StartAgainAsync(ct);
}
