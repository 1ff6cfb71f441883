namespace CMesh.Docker.Chaos;

/// <summary>Sends Signal to each target's main process; with a duration, the target is started again when it ends.</summary>
public sealed record KillFault(string Signal) : FaultSpec
{
    public const string DefaultSignal = UnixSignal.Kill;

    public string Signal { get; } = UnixSignal.Check(Signal, "signal");

    public override FaultKind Kind => FaultKind.Kill;

    public override DurationRule DurationRule => DurationRule.Optional;

    public override string ToString() => $"kill ({Signal})";
}
