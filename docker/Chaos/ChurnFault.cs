namespace CMesh.Docker.Chaos;

/// <summary>Every Interval one target, chosen at random, is killed with Signal and started again Downtime later.</summary>
public sealed record ChurnFault(TimeSpan Interval, TimeSpan Downtime, string Signal) : FaultSpec
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultDowntime = TimeSpan.FromSeconds(5);
    public const string DefaultSignal = UnixSignal.Kill;

    public TimeSpan Interval { get; } = FaultCheck.Positive(Interval, "interval");

    public TimeSpan Downtime { get; } = FaultCheck.NotNegative(Downtime, "downtime");

    public string Signal { get; } = UnixSignal.Check(Signal, "signal");

    public override FaultKind Kind => FaultKind.Churn;

    public override string ToString() =>
        $"churn: one peer killed ({Signal}) every {ScenarioValues.Format(Interval)}, down {ScenarioValues.Format(Downtime)}";
}
