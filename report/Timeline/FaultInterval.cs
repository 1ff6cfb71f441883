namespace CMesh.Report.Timeline;

/// <summary>One fault of chaos.csv from its start to its end, with what it did on the way.</summary>
/// <param name="StartUs">When applying it began.</param>
/// <param name="EndUs">When its end was done (reverted everywhere), or the run's end.</param>
/// <param name="HealUs">When its end began: the revert started (the end itself for an instant action, or the run's end).</param>
public sealed record FaultInterval(
    string Id,
    string Kind,
    string Targets,
    string Parameters,
    string Mechanism,
    long StartUs,
    long EndUs,
    long HealUs,
    string EndDetail,
    IReadOnlyList<FaultNote> Actions,
    IReadOnlyList<FaultNote> Failures)
{
    /// <summary>The members it targeted (peers, or the coordinator).</summary>
    public IReadOnlyList<string> TargetNames => Targets.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>It ended by being reverted (or was an instant action such as a restart), not with the run.</summary>
    public bool Healed => EndDetail is not (FaultTimeline.RunEnded or "failed");

    /// <summary>What the plots and the timeline write on the fault: its id, kind and parameters.</summary>
    public string Label => Parameters.Length > 0 ? $"{Id} {Parameters}" : $"{Id} {Kind}";
}

public sealed record FaultNote(long TimeUs, string Detail);
