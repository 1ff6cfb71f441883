namespace CMesh.Docker.Chaos;

/// <summary>
/// Bursty loss after Gilbert-Elliott (netem <c>loss gemodel</c>): a link in the good state turns bad with
/// probability P per packet and good again with probability R; it drops BadLoss percent of packets while bad and
/// GoodLoss percent while good.
/// </summary>
public sealed record BurstLossFault(double P, double R, double BadLoss, double GoodLoss, LinkScope Scope) : LinkFault(Scope)
{
    public const double DefaultBadLoss = 100;
    public const double DefaultGoodLoss = 0;

    public double P { get; } = FaultCheck.Percent(P, "burst.p");

    public double R { get; } = FaultCheck.Percent(R, "burst.r");

    public double BadLoss { get; } = FaultCheck.Percent(BadLoss, "burst.bad-loss");

    public double GoodLoss { get; } = FaultCheck.Percent(GoodLoss, "burst.good-loss");

    public override FaultKind Kind => FaultKind.Loss;

    public override string ToString() =>
        $"burst loss p {ScenarioValues.FormatPercent(P)} r {ScenarioValues.FormatPercent(R)}, {ScenarioValues.FormatPercent(BadLoss)} lost while bad, {ScenarioValues.FormatPercent(GoodLoss)} while good{Scope}";
}
