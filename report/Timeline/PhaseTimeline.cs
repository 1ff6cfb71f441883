namespace CMesh.Report.Timeline;

/// <summary>
/// Splits a run into phases by its faults: before the first fault, then for each fault "during" (start to end) and
/// "after" (end to the next fault's start, or the run's end). Overlapping faults give overlapping phases: a sample
/// counts in every phase it falls in. Lookup is a binary search over the phases' boundaries, for millions of samples.
/// </summary>
public sealed class PhaseTimeline
{
    private readonly long[] _boundaries;
    private readonly int[][] _phasesBySegment;

    public PhaseTimeline(IReadOnlyList<FaultInterval> faults, RunWindow window)
    {
        var phases = new List<Phase>();
        var firstStart = faults.Count == 0 ? window.EndUs : Math.Max(window.StartUs, faults.Min(f => f.StartUs));
        if (faults.Count > 0 && firstStart > window.StartUs)
        {
            phases.Add(new Phase("before", window.StartUs, firstStart, null, "before"));
        }

        foreach (var fault in faults)
        {
            phases.Add(new Phase($"during {fault.Id}", fault.StartUs, fault.EndUs, fault.Id, fault.Kind));
            var next = faults.Where(f => f.StartUs >= fault.EndUs && f != fault).Select(f => (long?)f.StartUs).Min() ?? window.DrawEndUs;
            if (next > fault.EndUs)
            {
                phases.Add(new Phase($"after {fault.Id}", fault.EndUs, next, fault.Id, fault.Kind));
            }
        }

        Phases = phases;
        var groups = phases.Select(p => p.Group).Distinct().ToList();
        Groups = groups;
        GroupOf = phases.Select(p => groups.IndexOf(p.Group)).ToArray();
        _boundaries = phases.SelectMany(p => new[] { p.StartUs, p.EndUs }).Distinct().Order().ToArray();
        _phasesBySegment = Enumerable.Range(0, Math.Max(0, _boundaries.Length - 1))
            .Select(s => Enumerable.Range(0, phases.Count).Where(p => phases[p].StartUs <= _boundaries[s] && _boundaries[s] < phases[p].EndUs).ToArray())
            .ToArray();
    }

    public IReadOnlyList<Phase> Phases { get; }

    /// <summary>The phases' <see cref="Phase.Group"/>s, in order of first appearance.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>For each phase, the index of its group in <see cref="Groups"/>.</summary>
    public IReadOnlyList<int> GroupOf { get; }

    /// <summary>The indexes into <see cref="Phases"/> of the phases a time falls in.</summary>
    public ReadOnlySpan<int> At(long timeUs)
    {
        var at = Array.BinarySearch(_boundaries, timeUs);
        var segment = at >= 0 ? at : ~at - 1;
        return segment < 0 || segment >= _phasesBySegment.Length ? [] : _phasesBySegment[segment];
    }
}
