using System.Globalization;
using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>
/// Reordering as netem does it: Percent of packets (correlated) go out at once while the rest wait Delay, so the
/// immediate ones overtake them; with a Gap, every Gap-th packet goes out at once instead.
/// </summary>
public sealed record ReorderFault(double Percent, double Correlation, TimeSpan Delay, int? Gap, LinkScope Scope) : LinkFault(Scope), IDefinesFaultKind
{
    public const double DefaultPercent = 20;
    public const double DefaultCorrelation = 75;
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(10);

    public static FaultKind Definition { get; } = new("reorder", 5, f => new ReorderFault(
        f.Get("percent", ScenarioValues.Percent, DefaultPercent),
        f.Get("correlation", ScenarioValues.Percent, DefaultCorrelation),
        f.Get("delay", ScenarioValues.Duration, DefaultDelay),
        f.Get<int?>("gap", text => ScenarioValues.Whole(text), null),
        LinkScope.Read(f)))
    {
        Fields = ["percent", "correlation", "delay", "gap", .. LinkScope.Fields],
        BareField = "percent",
    };

    public double Percent { get; } = FaultCheck.Percent(Percent, "percent");

    public double Correlation { get; } = FaultCheck.Percent(Correlation, "correlation");

    public TimeSpan Delay { get; } = FaultCheck.Positive(Delay, "delay");

    public int? Gap { get; } = Gap is { } gap ? FaultCheck.AtLeast(gap, 1, "gap") : null;

    public override FaultKind Kind => Definition;

    public override LinkQdisc Qdisc => LinkQdisc.Netem(
        ["delay", TcValues.Time(Delay), "reorder", TcValues.Percent(Percent), TcValues.Percent(Correlation), .. Gap is { } gap ? new[] { "gap", gap.ToString(CultureInfo.InvariantCulture) } : []]);

    public override string ToString() =>
        $"reorder {ScenarioValues.FormatPercent(Percent)} ({ScenarioValues.FormatPercent(Correlation)} correlated) behind {ScenarioValues.Format(Delay)}{(Gap is { } gap ? $", gap {gap}" : "")}{Scope}";
}
