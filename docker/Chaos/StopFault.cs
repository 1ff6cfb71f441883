namespace CMesh.Docker.Chaos;

/// <summary>Stops each target (SIGTERM, then SIGKILL after Grace); with a duration, it is started again when it ends.</summary>
public sealed record StopFault(TimeSpan Grace) : FaultSpec
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(10);

    public TimeSpan Grace { get; } = FaultCheck.NotNegative(Grace, "grace");

    public override FaultKind Kind => FaultKind.Stop;

    public override DurationRule DurationRule => DurationRule.Optional;

    public override string ToString() => $"stop (grace {ScenarioValues.Format(Grace)})";
}
