namespace CMesh.Docker.Chaos;

/// <summary>Each packet waits Delay ± Jitter, drawn from Distribution, each draw correlated with the one before.</summary>
public sealed record DelayFault(TimeSpan Delay, TimeSpan Jitter, double Correlation, DelayDistribution Distribution, LinkScope Scope) : LinkFault(Scope)
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan DefaultJitter = TimeSpan.FromMilliseconds(10);
    public const double DefaultCorrelation = 25;
    public const DelayDistribution DefaultDistribution = DelayDistribution.Normal;

    public TimeSpan Delay { get; } = FaultCheck.Positive(Delay, "delay");

    public TimeSpan Jitter { get; } = FaultCheck.NotNegative(Jitter, "jitter") <= Delay
        ? Jitter
        : throw new ScenarioFieldException("jitter", $"{ScenarioValues.Format(Jitter)} is larger than the delay {ScenarioValues.Format(Delay)}");

    public double Correlation { get; } = FaultCheck.Percent(Correlation, "correlation");

    public override FaultKind Kind => FaultKind.Delay;

    public override string ToString() => Jitter == TimeSpan.Zero
        ? $"delay {ScenarioValues.Format(Delay)}{Scope}"
        : $"delay {ScenarioValues.Format(Delay)} ± {ScenarioValues.Format(Jitter)} {KebabName.Of(Distribution)} ({ScenarioValues.FormatPercent(Correlation)} correlated){Scope}";
}
