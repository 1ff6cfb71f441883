namespace CMesh.Docker.Chaos;

/// <summary>One random bit of a packet is flipped with Percent probability, correlated with the previous choice.</summary>
public sealed record CorruptFault(double Percent, double Correlation, LinkScope Scope) : LinkFault(Scope)
{
    public const double DefaultPercent = 20;
    public const double DefaultCorrelation = 75;

    public double Percent { get; } = FaultCheck.Percent(Percent, "percent");

    public double Correlation { get; } = FaultCheck.Percent(Correlation, "correlation");

    public override FaultKind Kind => FaultKind.Corrupt;

    public override string ToString() =>
        $"corrupt {ScenarioValues.FormatPercent(Percent)} ({ScenarioValues.FormatPercent(Correlation)} correlated){Scope}";
}
