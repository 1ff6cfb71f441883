using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Coordinator.Chaos;

/// <summary>
/// The faults chaos.csv shows in force: started, and neither ended nor failed (as `cmesh chaos ls` counts them).
/// A mobility fault shows its latest layout, the one its last action drew.
/// </summary>
public static class FaultsInForce
{
    private static readonly string[] Partitioning = ["partition", "mobility"];

    public static IReadOnlyList<FaultInForce> From(IReadOnlyList<ChaosLogRow> rows)
    {
        var finished = rows.Where(r => r.Event is ChaosLogRow.End or ChaosLogRow.Failed).Select(r => r.FaultId).ToHashSet();
        return rows
            .Where(r => r.Event == ChaosLogRow.Start && !finished.Contains(r.FaultId))
            .Select(start => new FaultInForce(
                start.FaultId,
                start.Kind,
                start.Targets.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                start.Parameters,
                start.Mechanism,
                UnixTime.FromMicros(start.TimeUnixUs),
                Partitioning.Contains(start.Kind) ? LatestLayout(start, rows) : null))
            .ToList();
    }

    private static PartitionSides? LatestLayout(ChaosLogRow start, IReadOnlyList<ChaosLogRow> rows) =>
        rows.Where(r => r.FaultId == start.FaultId && r.Event is ChaosLogRow.Start or ChaosLogRow.Action)
            .Select(r => PartitionLayoutText.Parse(r.Detail))
            .LastOrDefault(layout => layout is not null);
}
