namespace CMesh.Docker.Chaos;

/// <summary>Stops each target (SIGTERM, then SIGKILL after Grace) and starts it again at once.</summary>
public sealed record RestartFault(TimeSpan Grace) : FaultSpec
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(10);

    public TimeSpan Grace { get; } = FaultCheck.NotNegative(Grace, "grace");

    public override FaultKind Kind => FaultKind.Restart;

    public override DurationRule DurationRule => DurationRule.None;

    public override string ToString() => $"restart (grace {ScenarioValues.Format(Grace)})";
}
