namespace CMesh.Common.Clocks;

/// <summary>
/// run.json's <c>clocks</c> section, written by a runner whose members run on several machines and read by the
/// report: each machine's clock against the CLI's, and which machine each member (peer, coordinator) ran on. Absent
/// for a run on one machine: one clock, nothing to correct.
/// </summary>
/// <param name="Placement">Member name (peer-3, coordinator) to the name of the node it ran on.</param>
public sealed record RunClocks(IReadOnlyList<NodeClock> Nodes, IReadOnlyDictionary<string, string> Placement)
{
    /// <summary>The section's name in run.json, for writer and reader alike.</summary>
    public const string JsonName = "clocks";

    /// <summary>The coordinator's name in <see cref="Placement"/>; its records are under coordinator/.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>The clock of the node the member ran on; null when it was placed on no measured node.</summary>
    public NodeClock? Of(string member) =>
        Placement.TryGetValue(member, out var node) ? Nodes.FirstOrDefault(n => n.Node == node) : null;
}

/// <summary>One node's clock: node clock minus CLI clock, within ± <paramref name="ErrorBoundUs"/>, from so many exchanges.</summary>
public sealed record NodeClock(string Node, long OffsetUs, long ErrorBoundUs, int Samples)
{
    public static NodeClock From(string node, ClockEstimate estimate) => new(node, estimate.OffsetUs, estimate.ErrorBoundUs, estimate.Samples);
}
