using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>One random bit of a packet is flipped with Percent probability, correlated with the previous choice.</summary>
public sealed record CorruptFault(double Percent, double Correlation, LinkScope Scope) : LinkFault(Scope), IDefinesFaultKind
{
    public const double DefaultPercent = 20;
    public const double DefaultCorrelation = 75;

    public static FaultKind Definition { get; } = new("corrupt", 4, f => new CorruptFault(
        f.Get("percent", ScenarioValues.Percent, DefaultPercent),
        f.Get("correlation", ScenarioValues.Percent, DefaultCorrelation),
        LinkScope.Read(f)))
    {
        Fields = ["percent", "correlation", .. LinkScope.Fields],
        BareField = "percent",
    };

    public double Percent { get; } = FaultCheck.Percent(Percent, "percent");

    public double Correlation { get; } = FaultCheck.Percent(Correlation, "correlation");

    public override FaultKind Kind => Definition;

    public override LinkQdisc Qdisc => LinkQdisc.Netem(["corrupt", TcValues.Percent(Percent), TcValues.Percent(Correlation)]);

    public override string ToString() =>
        $"corrupt {ScenarioValues.FormatPercent(Percent)} ({ScenarioValues.FormatPercent(Correlation)} correlated){Scope}";
}
