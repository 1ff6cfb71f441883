using CMesh.Chaos.Faults;
using CMesh.Chaos.Targets;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Scenarios;

/// <summary>
/// One fault on the timeline: it starts At after the scenario starts, on Targets, and is reverted after Duration
/// (see <see cref="DurationRule"/>); with a Repeat it starts again every Repeat.Every.
/// </summary>
public sealed record ScenarioStep(TimeSpan At, TimeSpan? Duration, FaultSpec Fault, TargetSelector Targets, StepRepeat? Repeat)
{
    public TimeSpan At { get; } = FaultCheck.NotNegative(At, "at");

    public TimeSpan? Duration { get; } = (Duration, Fault.DurationRule) switch
    {
        (null, DurationRule.Required) => throw new ScenarioFieldException("duration", $"{Fault.Kind} lasts: give it a duration"),
        ({ }, DurationRule.None) => throw new ScenarioFieldException("duration", $"{Fault.Kind} happens at once and takes no duration"),
        ({ } duration, _) => CheckLongerThanCycles(Fault, FaultCheck.Positive(duration, "duration")),
        _ => null,
    };

    public TargetSelector Targets { get; } = (Fault, Targets) switch
    {
        (SignalOutageFault, not TargetSelector.Named { Names: [TargetSelector.Coordinator] }) =>
            throw new ScenarioFieldException("targets", "a signal outage targets the coordinator alone: write targets: coordinator, or leave targets out"),
        (HealFault, _) when Targets != TargetSelector.All => throw new ScenarioFieldException("targets", "heal ends every partition: it takes no targets"),
        _ => Targets,
    };

    public StepRepeat? Repeat { get; } = Repeat switch
    {
        null => null,
        _ when Duration is null && Fault.DurationRule != DurationRule.None =>
            throw new ScenarioFieldException("repeat", "a repeated step needs a duration, so that each time ends before the next"),
        _ when Duration is { } duration && duration >= Repeat.Every =>
            throw new ScenarioFieldException("repeat.every", $"{ScenarioValues.Format(Repeat.Every)} is not longer than the duration {ScenarioValues.Format(duration)}: the repeats would overlap"),
        _ => Repeat,
    };

    /// <summary>When each occurrence starts, from the scenario's start.</summary>
    public IEnumerable<TimeSpan> Starts => Enumerable.Range(0, Repeat?.Times ?? 1).Select(i => At + i * (Repeat?.Every ?? TimeSpan.Zero));

    /// <summary>When the last occurrence ends; a step without a duration ends as it starts.</summary>
    public TimeSpan End => Starts.Last() + (Duration ?? TimeSpan.Zero);

    /// <summary>The targets a step gets when it names none: the coordinator for a signal outage, else every peer.</summary>
    public static TargetSelector DefaultTargets(FaultSpec fault) =>
        fault is SignalOutageFault ? TargetSelector.Parse(TargetSelector.Coordinator) : TargetSelector.All;

    public override string ToString() =>
        $"at {ScenarioValues.Format(At)}{(Duration is { } d ? $" for {ScenarioValues.Format(d)}" : "")}: {Fault} on {Targets}{(Repeat is null ? "" : $", {Repeat}")}";

    /// <summary>Churn and mobility act every interval or period: a duration shorter than one would never act.</summary>
    private static TimeSpan CheckLongerThanCycles(FaultSpec fault, TimeSpan duration) => fault switch
    {
        ChurnFault churn when churn.Interval > duration =>
            throw new ScenarioFieldException("fault.interval", $"{ScenarioValues.Format(churn.Interval)} is longer than the step's duration {ScenarioValues.Format(duration)}"),
        MobilityFault mobility when mobility.Period >= duration =>
            throw new ScenarioFieldException("fault.period", $"{ScenarioValues.Format(mobility.Period)} is not shorter than the step's duration {ScenarioValues.Format(duration)}: the layout would never change"),
        _ => duration,
    };
}
