namespace CMesh.Docker.Chaos;

/// <summary>
/// Reordering as netem does it: Percent of packets (correlated) go out at once while the rest wait Delay, so the
/// immediate ones overtake them; with a Gap, every Gap-th packet goes out at once instead.
/// </summary>
public sealed record ReorderFault(double Percent, double Correlation, TimeSpan Delay, int? Gap, LinkScope Scope) : LinkFault(Scope)
{
    public const double DefaultPercent = 20;
    public const double DefaultCorrelation = 75;
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(10);

    public double Percent { get; } = FaultCheck.Percent(Percent, "percent");

    public double Correlation { get; } = FaultCheck.Percent(Correlation, "correlation");

    public TimeSpan Delay { get; } = FaultCheck.Positive(Delay, "delay");

    public int? Gap { get; } = Gap is { } gap ? FaultCheck.AtLeast(gap, 1, "gap") : null;

    public override FaultKind Kind => FaultKind.Reorder;

    public override string ToString() =>
        $"reorder {ScenarioValues.FormatPercent(Percent)} ({ScenarioValues.FormatPercent(Correlation)} correlated) behind {ScenarioValues.Format(Delay)}{(Gap is { } gap ? $", gap {gap}" : "")}{Scope}";
}
