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

    public static IReadOnlyList<FaultInForce> From(IReadOnlyList<ChaosEvent> rows) =>
        ChaosEvent.InForce(rows)
            .Select(start => new FaultInForce(
                start.FaultId,
                start.Kind,
                start.TargetNames,
                start.Parameters,
                start.Mechanism,
                UnixTime.FromMicros(start.TimeUnixUs),
                Partitioning.Contains(start.Kind) ? LatestLayout(start, rows) : null))
            .ToList();

    private static PartitionSides? LatestLayout(ChaosEvent start, IReadOnlyList<ChaosEvent> rows) =>
        rows.Where(r => r.FaultId == start.FaultId && r.Event is ChaosEvent.Start or ChaosEvent.Action)
            .Select(r => PartitionLayoutText.Parse(r.Detail))
            .LastOrDefault(layout => layout is not null);
}
