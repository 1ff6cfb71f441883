using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>
/// A link fault that hits each packet with Percent probability, each choice correlated with the previous one:
/// netem's duplicate and corrupt, which its kind names.
/// </summary>
public abstract record PacketShareFault(double Percent, double Correlation, LinkScope Scope) : LinkFault(Scope)
{
    public const double DefaultPercent = 20;
    public const double DefaultCorrelation = 75;

    public double Percent { get; } = FaultCheck.Percent(Percent, "percent");

    public double Correlation { get; } = FaultCheck.Percent(Correlation, "correlation");

    public override LinkQdisc Qdisc => LinkQdisc.Netem([Kind.Name, TcValues.Percent(Percent), TcValues.Percent(Correlation)]);

    public sealed override string ToString() =>
        $"{Kind} {ScenarioValues.FormatPercent(Percent)} ({ScenarioValues.FormatPercent(Correlation)} correlated){Scope}";

    private protected static FaultKind Define(string name, int order, Func<double, double, LinkScope, PacketShareFault> make) =>
        new(name, order, f => make(
            f.Get("percent", ScenarioValues.Percent, DefaultPercent),
            f.Get("correlation", ScenarioValues.Percent, DefaultCorrelation),
            LinkScope.Read(f)))
        {
            Fields = ["percent", "correlation", .. LinkScope.Fields],
            BareField = "percent",
        };
}
