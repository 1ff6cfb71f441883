using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>Each packet is sent twice with Percent probability, correlated with the previous choice.</summary>
public sealed record DuplicateFault(double Percent, double Correlation, LinkScope Scope) : LinkFault(Scope), IDefinesFaultKind
{
    public const double DefaultPercent = 20;
    public const double DefaultCorrelation = 75;

    public static FaultKind Definition { get; } = new("duplicate", 3, f => new DuplicateFault(
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

    public override LinkQdisc Qdisc => LinkQdisc.Netem(["duplicate", TcValues.Percent(Percent), TcValues.Percent(Correlation)]);

    public override string ToString() =>
        $"duplicate {ScenarioValues.FormatPercent(Percent)} ({ScenarioValues.FormatPercent(Correlation)} correlated){Scope}";
}
