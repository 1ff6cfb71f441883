using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;
using CMesh.Chaos.Yaml;

namespace CMesh.Chaos.Faults;

/// <summary>
/// Bursty loss after Gilbert-Elliott (netem <c>loss gemodel</c>): a link in the good state turns bad with
/// probability P per packet and good again with probability R; it drops BadLoss percent of packets while bad and
/// GoodLoss percent while good. It is a loss fault, written with a <c>burst:</c> mapping.
/// </summary>
public sealed record BurstLossFault(double P, double R, double BadLoss, double GoodLoss, LinkScope Scope) : LinkFault(Scope)
{
    public const double DefaultBadLoss = 100;
    public const double DefaultGoodLoss = 0;

    public double P { get; } = FaultCheck.Percent(P, "burst.p");

    public double R { get; } = FaultCheck.Percent(R, "burst.r");

    public double BadLoss { get; } = FaultCheck.Percent(BadLoss, "burst.bad-loss");

    public double GoodLoss { get; } = FaultCheck.Percent(GoodLoss, "burst.good-loss");

    public override FaultKind Kind => LossFault.Definition;

    public override LinkQdisc Qdisc =>
        LinkQdisc.Netem(["loss", "gemodel", TcValues.Percent(P), TcValues.Percent(R), TcValues.Percent(BadLoss), TcValues.Percent(GoodLoss)]);

    public override string ToString() =>
        $"burst loss p {ScenarioValues.FormatPercent(P)} r {ScenarioValues.FormatPercent(R)}, {ScenarioValues.FormatPercent(BadLoss)} lost while bad, {ScenarioValues.FormatPercent(GoodLoss)} while good{Scope}";

    internal static BurstLossFault Read(YamlSection burst, LinkScope scope)
    {
        var unknown = burst.UnknownFields(["p", "r", "bad-loss", "good-loss"]).FirstOrDefault();
        return unknown is not null
            ? throw new ScenarioErrorException(unknown)
            : new BurstLossFault(
                burst.Get("p", ScenarioValues.Percent),
                burst.Get("r", ScenarioValues.Percent),
                burst.Get("bad-loss", ScenarioValues.Percent, DefaultBadLoss),
                burst.Get("good-loss", ScenarioValues.Percent, DefaultGoodLoss),
                scope);
    }
}
