using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;
using CMesh.Chaos.Yaml;

namespace CMesh.Chaos.Faults;

/// <summary>
/// Random loss: each packet is dropped with Percent probability, correlated with the previous drop. Uncorrelated
/// loss is dropped by nftables where packets arrive; correlated loss needs netem.
/// </summary>
public sealed record LossFault(double Percent, double Correlation, LinkScope Scope) : LinkFault(Scope), IRandomDropFault, IDefinesFaultKind
{
    public const double DefaultPercent = 20;
    public const double DefaultCorrelation = 0;

    /// <summary>Loss is either random (percent, correlation) or bursty (burst: a <see cref="BurstLossFault"/>).</summary>
    public static FaultKind Definition { get; } = new("loss", 2, Read)
    {
        Fields = ["percent", "correlation", "burst", .. LinkScope.Fields],
        BareField = "percent",
    };

    public double Percent { get; } = FaultCheck.Percent(Percent, "percent");

    public double Correlation { get; } = FaultCheck.Percent(Correlation, "correlation");

    public override FaultKind Kind => Definition;

    public double? DroppedPercent => Correlation == 0 ? Percent : null;

    public override LinkQdisc Qdisc => LinkQdisc.Netem(["loss", "random", TcValues.Percent(Percent), TcValues.Percent(Correlation)]);

    public override IEnumerable<KernelFeature> Needs => DroppedPercent is null ? base.Needs : [KernelFeature.Nftables];

    public override string ToString() => Correlation == 0
        ? $"loss {ScenarioValues.FormatPercent(Percent)}{Scope}"
        : $"loss {ScenarioValues.FormatPercent(Percent)} ({ScenarioValues.FormatPercent(Correlation)} correlated){Scope}";

    private static LinkFault Read(YamlSection f)
    {
        if (f.SectionOrNull("burst") is not { } burst)
        {
            return new LossFault(
                f.Get("percent", ScenarioValues.Percent, DefaultPercent),
                f.Get("correlation", ScenarioValues.Percent, DefaultCorrelation),
                LinkScope.Read(f));
        }

        if (new[] { "percent", "correlation" }.FirstOrDefault(f.Has) is { } random)
        {
            throw f.ErrorAt(random, "random loss does not go with burst: give one or the other");
        }

        return BurstLossFault.Read(burst, LinkScope.Read(f));
    }
}
