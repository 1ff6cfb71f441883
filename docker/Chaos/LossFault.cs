namespace CMesh.Docker.Chaos;

/// <summary>Random loss: each packet is dropped with Percent probability, correlated with the previous drop.</summary>
public sealed record LossFault(double Percent, double Correlation, LinkScope Scope) : LinkFault(Scope)
{
    public const double DefaultPercent = 20;
    public const double DefaultCorrelation = 0;

    public double Percent { get; } = FaultCheck.Percent(Percent, "percent");

    public double Correlation { get; } = FaultCheck.Percent(Correlation, "correlation");

    public override FaultKind Kind => FaultKind.Loss;

    public override string ToString() => Correlation == 0
        ? $"loss {ScenarioValues.FormatPercent(Percent)}{Scope}"
        : $"loss {ScenarioValues.FormatPercent(Percent)} ({ScenarioValues.FormatPercent(Correlation)} correlated){Scope}";
}
