namespace CMesh.Docker.Chaos;

/// <summary>Reads a step's <c>fault:</c> mapping: its kind picks the fields allowed, their defaults and the record made.</summary>
internal static class FaultReader
{
    private static readonly string[] LinkFields = ["direction", "destinations"];

    private static readonly Dictionary<FaultKind, (string[] Fields, Func<YamlSection, FaultSpec> Read)> Kinds = new()
    {
        [FaultKind.Delay] = (["delay", "jitter", "correlation", "distribution", .. LinkFields], ReadDelay),
        [FaultKind.Loss] = (["percent", "correlation", "burst", .. LinkFields], ReadLoss),
        [FaultKind.Duplicate] = (["percent", "correlation", .. LinkFields], f => new DuplicateFault(
            f.Get("percent", ScenarioValues.Percent, DuplicateFault.DefaultPercent),
            f.Get("correlation", ScenarioValues.Percent, DuplicateFault.DefaultCorrelation),
            Scope(f))),
        [FaultKind.Corrupt] = (["percent", "correlation", .. LinkFields], f => new CorruptFault(
            f.Get("percent", ScenarioValues.Percent, CorruptFault.DefaultPercent),
            f.Get("correlation", ScenarioValues.Percent, CorruptFault.DefaultCorrelation),
            Scope(f))),
        [FaultKind.Reorder] = (["percent", "correlation", "delay", "gap", .. LinkFields], f => new ReorderFault(
            f.Get("percent", ScenarioValues.Percent, ReorderFault.DefaultPercent),
            f.Get("correlation", ScenarioValues.Percent, ReorderFault.DefaultCorrelation),
            f.Get("delay", ScenarioValues.Duration, ReorderFault.DefaultDelay),
            f.Get<int?>("gap", text => ScenarioValues.Whole(text), null),
            Scope(f))),
        [FaultKind.Rate] = (["rate", .. LinkFields], f => new RateFault(f.Get("rate", ScenarioValues.Kbit, RateFault.DefaultKbit), Scope(f))),
        [FaultKind.Partition] = (["layout", "one-way"], f => new PartitionFault(f.Get("layout", PartitionLayout.Parse), f.Get("one-way", Flag, false))),
        [FaultKind.Heal] = ([], _ => new HealFault()),
        [FaultKind.Kill] = (["signal"], f => new KillFault(f.Get("signal", text => text, KillFault.DefaultSignal))),
        [FaultKind.Stop] = (["grace"], f => new StopFault(f.Get("grace", ScenarioValues.Duration, StopFault.DefaultGrace))),
        [FaultKind.Pause] = ([], _ => new PauseFault()),
        [FaultKind.Restart] = (["grace"], f => new RestartFault(f.Get("grace", ScenarioValues.Duration, RestartFault.DefaultGrace))),
        [FaultKind.Churn] = (["interval", "downtime", "signal"], f => new ChurnFault(
            f.Get("interval", ScenarioValues.Duration, ChurnFault.DefaultInterval),
            f.Get("downtime", ScenarioValues.Duration, ChurnFault.DefaultDowntime),
            f.Get("signal", text => text, ChurnFault.DefaultSignal))),
        [FaultKind.Mobility] = (["layout", "period"], f => new MobilityFault(
            f.Get("layout", PartitionLayout.Parse, MobilityFault.DefaultLayout),
            f.Get("period", ScenarioValues.Duration, MobilityFault.DefaultPeriod))),
        [FaultKind.SignalOutage] = ([], _ => new SignalOutageFault()),
        [FaultKind.DropUpdates] = ([], _ => new DropUpdatesFault()),
    };

    /// <summary>The fields each kind takes besides <c>kind</c>, for the format's documentation and its test.</summary>
    public static IReadOnlyList<string> FieldsOf(FaultKind kind) => Kinds[kind].Fields;

    public static FaultSpec Read(YamlSection fault, ICollection<ScenarioError> errors)
    {
        var kind = fault.Get("kind", text => KebabName.Parse<FaultKind>(text, "fault kind"));
        var (fields, read) = Kinds[kind];
        foreach (var unknown in fault.UnknownFields(["kind", .. fields]))
        {
            errors.Add(unknown);
        }

        return fault.Build(() => read(fault));
    }

    private static DelayFault ReadDelay(YamlSection f)
    {
        var delay = f.Get("delay", ScenarioValues.Duration, DelayFault.DefaultDelay);

        // The default jitter never exceeds a short delay the user chose; a jitter the user chose is checked as written.
        return new DelayFault(
            delay,
            f.Get("jitter", ScenarioValues.Duration, DelayFault.DefaultJitter < delay ? DelayFault.DefaultJitter : delay),
            f.Get("correlation", ScenarioValues.Percent, DelayFault.DefaultCorrelation),
            f.Get("distribution", text => KebabName.Parse<DelayDistribution>(text, "delay distribution"), DelayFault.DefaultDistribution),
            Scope(f));
    }

    private static LinkFault ReadLoss(YamlSection f)
    {
        if (f.SectionOrNull("burst") is not { } burst)
        {
            return new LossFault(
                f.Get("percent", ScenarioValues.Percent, LossFault.DefaultPercent),
                f.Get("correlation", ScenarioValues.Percent, LossFault.DefaultCorrelation),
                Scope(f));
        }

        if (new[] { "percent", "correlation" }.FirstOrDefault(f.Has) is { } random)
        {
            throw f.ErrorAt(random, "random loss does not go with burst: give one or the other");
        }

        var unknown = burst.UnknownFields(["p", "r", "bad-loss", "good-loss"]).FirstOrDefault();
        return unknown is not null
            ? throw new ScenarioErrorException(unknown)
            : new BurstLossFault(
                burst.Get("p", ScenarioValues.Percent),
                burst.Get("r", ScenarioValues.Percent),
                burst.Get("bad-loss", ScenarioValues.Percent, BurstLossFault.DefaultBadLoss),
                burst.Get("good-loss", ScenarioValues.Percent, BurstLossFault.DefaultGoodLoss),
                Scope(f));
    }

    private static LinkScope Scope(YamlSection f) => new(
        f.Get("direction", text => KebabName.Parse<LinkDirection>(text, "direction"), LinkDirection.Egress),
        f.Get<TargetSelector?>("destinations", TargetSelector.Parse, null));

    private static bool Flag(string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"'{text}' is not true or false"),
    };
}
