namespace CMesh.Common.Clocks;

/// <summary>
/// run.json's <c>clocks</c> section, written by a runner whose members run on several machines and read by the
/// report: each machine's clock against the CLI's, and which machine each member (peer, coordinator) ran on. Absent
/// for a run on one machine: one clock, nothing to correct.
/// </summary>
/// <param name="Nodes">Each node's clock as measured when the workload began.</param>
/// <param name="Placement">Member name (peer-3, coordinator) to the name of the node it ran on.</param>
/// <param name="AtEnd">Each node's clock measured again when the workload ended (null: not measured again, as in older runs).</param>
public sealed record RunClocks(
    IReadOnlyList<NodeClock> Nodes,
    IReadOnlyDictionary<string, string> Placement,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<NodeClock>? AtEnd = null)
{
    /// <summary>The section's name in run.json, for writer and reader alike.</summary>
    public const string JsonName = "clocks";

    /// <summary>The coordinator's name in <see cref="Placement"/>; its records are under coordinator/.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>
    /// Each node's clock over the whole run: where it was measured at both ends, the mean of the two offsets, its
    /// bound the larger bound plus half the drift between them (a clock that drifted steadily is within that of the
    /// mean at every moment between); else the start's alone, whose bound says nothing of drift.
    /// </summary>
    public IReadOnlyList<NodeClock> OverTheRun =>
        Nodes.Select(start => AtEnd?.FirstOrDefault(end => end.Node == start.Node) is { } end ? start.Across(end) : start).ToList();

    /// <summary>How far each node's offset moved between the two measurements (end − start, µs); empty without <see cref="AtEnd"/>.</summary>
    public IReadOnlyDictionary<string, long> Drift =>
        Nodes.Where(start => AtEnd?.Any(end => end.Node == start.Node) == true)
            .ToDictionary(start => start.Node, start => AtEnd!.First(end => end.Node == start.Node).OffsetUs - start.OffsetUs);

    /// <summary>The clock over the run of the node the member ran on; null when it was placed on no measured node.</summary>
    public NodeClock? Of(string member) =>
        Placement.TryGetValue(member, out var node) ? OverTheRun.FirstOrDefault(n => n.Node == node) : null;
}

/// <summary>One node's clock: node clock minus CLI clock, within ± <paramref name="ErrorBoundUs"/>, from so many exchanges.</summary>
public sealed record NodeClock(string Node, long OffsetUs, long ErrorBoundUs, int Samples)
{
    public static NodeClock From(string node, ClockEstimate estimate) => new(node, estimate.OffsetUs, estimate.ErrorBoundUs, estimate.Samples);

    /// <summary>This measurement and a later one of the same node as one clock for the time between (see <see cref="RunClocks.OverTheRun"/>).</summary>
    public NodeClock Across(NodeClock later)
    {
        var drift = Math.Abs(later.OffsetUs - OffsetUs);
        return new NodeClock(Node, (OffsetUs + later.OffsetUs) / 2, Math.Max(ErrorBoundUs, later.ErrorBoundUs) + (drift + 1) / 2, Samples + later.Samples);
    }
}
