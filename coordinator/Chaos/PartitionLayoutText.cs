using CMesh.Common.Contracts;

namespace CMesh.Coordinator.Chaos;

/// <summary>
/// Reads the sides of a partition back from the words the CLI logs for it: `a b | c d` (cut both ways),
/// `a -/-> b c` (one way), `a | b, bridged by c`, `ring a b c, each hearing the next 1` (no sides).
/// </summary>
public static class PartitionLayoutText
{
    private const string OneWay = " -/-> ";
    private const string BothWays = " | ";
    private const string BridgedBy = ", bridged by ";

    /// <param name="detail">A start or action detail: the layout first, then `; `-separated notes (seed, pid).</param>
    public static PartitionSides? Parse(string detail)
    {
        var layout = detail.Split("; ")[0];
        if (layout.StartsWith("ring ", StringComparison.Ordinal))
        {
            return new PartitionSides([], false, null, layout);
        }

        var bridgeAt = layout.IndexOf(BridgedBy, StringComparison.Ordinal);
        var sidesText = bridgeAt < 0 ? layout : layout[..bridgeAt];
        var bridge = bridgeAt < 0 ? null : layout[(bridgeAt + BridgedBy.Length)..];
        var oneWay = sidesText.Contains(OneWay, StringComparison.Ordinal);
        var sides = sidesText.Split(oneWay ? OneWay : BothWays)
            .Select(side => (IReadOnlyList<string>)side.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        return sides.Count < 2 || sides.Any(side => side.Count == 0) ? null : new PartitionSides(sides, oneWay, bridge, layout);
    }
}
