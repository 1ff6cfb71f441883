using CMesh.Common.Clocks;
using CMesh.Common.Records;

namespace CMesh.Report.Input;

/// <summary>
/// Puts each member's records on the CLI's clock, from run.json's clocks: a time a node recorded, less that node's
/// offset. What remains is each node's error bound. A difference of two times taken on nodes A and B (a latency) is
/// off by at most A's bound plus B's, and by nothing when A is B (its offset cancels); the CLI's own times
/// (chaos.csv, run.json) count as a node of bound 0. Without clocks (a run on one machine) nothing moves and
/// nothing is bounded. A member on a node whose clock was not measured keeps its times, and no bound is claimed for
/// a figure that may involve it.
/// </summary>
public sealed class ClockCorrection
{
    public static readonly ClockCorrection None = new(null);

    private readonly RunClocks? _clocks;

    public ClockCorrection(RunClocks? clocks)
    {
        _clocks = clocks;
        var placed = clocks is null
            ? []
            : clocks.Placement.Values.Distinct(StringComparer.Ordinal).Select(node => clocks.OverTheRun.FirstOrDefault(n => n.Node == node)?.ErrorBoundUs).ToList();
        ResidualBoundUs = clocks is null || placed.Any(bound => bound is null)
            ? null
            : placed.Select(bound => bound!.Value).Append(0).Append(0).OrderDescending().Take(2).Sum();
    }

    /// <summary>run.json measured the clocks: times were corrected and figures carry <see cref="ResidualBoundUs"/>.</summary>
    public bool Corrects => _clocks is not null;

    /// <summary>What run.json says of the clocks; null for a run on one machine.</summary>
    public RunClocks? Measured => _clocks;

    /// <summary>
    /// The most any difference of two times the report takes can be off by after correction: the two largest bounds
    /// of the nodes that members ran on (the CLI's clock one of bound 0). The max over every pair present rather than
    /// the pair's own: every figure mixes pairs. Null without clocks, or when a node members ran on was not measured.
    /// </summary>
    public long? ResidualBoundUs { get; }

    /// <summary>The records a member (peer-3, coordinator) wrote, on the CLI's clock.</summary>
    public IEnumerable<T> ToCliClock<T>(string member, IEnumerable<T> records) where T : IRecordFile<T> =>
        _clocks?.Of(member) is { OffsetUs: not 0 } clock ? records.Select(r => r.ShiftClock(-clock.OffsetUs)) : records;

    /// <summary>How far off the difference of a time one member took and one the other took can be: 0 on one measured node; null when either's node was not measured.</summary>
    public long? PairBoundUs(string member, string other)
    {
        var (a, b) = (_clocks?.Of(member), _clocks?.Of(other));
        return a is null || b is null ? null : a.Node == b.Node ? 0 : a.ErrorBoundUs + b.ErrorBoundUs;
    }

    /// <summary>Of these members, those run.json's clocks place on no measured node: their times are taken as they are.</summary>
    public IReadOnlyList<string> Unplaced(IEnumerable<string> members) =>
        _clocks is { } clocks ? members.Where(m => clocks.Of(m) is null).ToList() : [];
}
