using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>Every Interval one target, chosen at random, is killed with Signal and started again Downtime later.</summary>
public sealed record ChurnFault(TimeSpan Interval, TimeSpan Downtime, string Signal) : FaultSpec, IChurnFault, IDefinesFaultKind
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultDowntime = TimeSpan.FromSeconds(5);
    public const string DefaultSignal = UnixSignal.Kill;

    public static FaultKind Definition { get; } = new("churn", 13, f => new ChurnFault(
        f.Get("interval", ScenarioValues.Duration, DefaultInterval),
        f.Get("downtime", ScenarioValues.Duration, DefaultDowntime),
        f.Get("signal", text => text, DefaultSignal)))
    {
        Fields = ["interval", "downtime", "signal"],
        BareField = "interval",
        StopsMembers = true,
    };

    public TimeSpan Interval { get; } = FaultCheck.Positive(Interval, "interval");

    public TimeSpan Downtime { get; } = FaultCheck.NotNegative(Downtime, "downtime");

    public string Signal { get; } = UnixSignal.Check(Signal, "signal");

    public override FaultKind Kind => Definition;

    public override string ToString() =>
        $"churn: one peer killed ({Signal}) every {ScenarioValues.Format(Interval)}, down {ScenarioValues.Format(Downtime)}";
}
