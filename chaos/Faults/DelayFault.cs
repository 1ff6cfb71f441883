using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Values;
using CMesh.Chaos.Yaml;

namespace CMesh.Chaos.Faults;

/// <summary>Each packet waits Delay ± Jitter, drawn from Distribution, each draw correlated with the one before.</summary>
public sealed record DelayFault(TimeSpan Delay, TimeSpan Jitter, double Correlation, DelayDistribution Distribution, LinkScope Scope) : LinkFault(Scope), IDefinesFaultKind
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan DefaultJitter = TimeSpan.FromMilliseconds(10);
    public const double DefaultCorrelation = 25;
    public const DelayDistribution DefaultDistribution = DelayDistribution.Normal;

    public static FaultKind Definition { get; } = new("delay", 1, Read)
    {
        Fields = ["delay", "jitter", "correlation", "distribution", .. LinkScope.Fields],
        BareField = "delay",
    };

    public TimeSpan Delay { get; } = FaultCheck.Positive(Delay, "delay");

    public TimeSpan Jitter { get; } = FaultCheck.NotNegative(Jitter, "jitter") <= Delay
        ? Jitter
        : throw new ScenarioFieldException("jitter", $"{ScenarioValues.Format(Jitter)} is larger than the delay {ScenarioValues.Format(Delay)}");

    public double Correlation { get; } = FaultCheck.Percent(Correlation, "correlation");

    public override FaultKind Kind => Definition;

    public override LinkQdisc Qdisc => LinkQdisc.Netem(["delay", .. NetemDelay()]);

    public override string ToString() => Jitter == TimeSpan.Zero
        ? $"delay {ScenarioValues.Format(Delay)}{Scope}"
        : $"delay {ScenarioValues.Format(Delay)} ± {ScenarioValues.Format(Jitter)} {KebabName.Of(Distribution)} ({ScenarioValues.FormatPercent(Correlation)} correlated){Scope}";

    private static DelayFault Read(YamlSection f)
    {
        var delay = f.Get("delay", ScenarioValues.Duration, DefaultDelay);

        // The default jitter never exceeds a short delay the user chose; a jitter the user chose is checked as written.
        return new DelayFault(
            delay,
            f.Get("jitter", ScenarioValues.Duration, DefaultJitter < delay ? DefaultJitter : delay),
            f.Get("correlation", ScenarioValues.Percent, DefaultCorrelation),
            f.Get("distribution", text => KebabName.Parse<DelayDistribution>(text, "delay distribution"), DefaultDistribution),
            LinkScope.Read(f));
    }

    // tc reads "delay TIME JITTER CORRELATION"; netem's default distribution is uniform and has no table to name.
    private IEnumerable<string> NetemDelay()
    {
        yield return TcValues.Time(Delay);
        if (Jitter == TimeSpan.Zero)
        {
            yield break;
        }

        yield return TcValues.Time(Jitter);
        yield return TcValues.Percent(Correlation);
        if (Distribution != DelayDistribution.Uniform)
        {
            yield return "distribution";
            yield return KebabName.Of(Distribution);
        }
    }
}
