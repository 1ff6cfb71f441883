using CMesh.Chaos.Values;
using CMesh.Common.Contracts;

namespace CMesh.Chaos.Scenarios;

/// <summary>What a scenario changes in the workload it runs under; null keeps the run's setting.</summary>
/// <param name="Gossip">How the built-in engine passes new updates on: flooded, or by lazy push.</param>
/// <param name="MinPeers">The fewest peers the scenario makes sense with (a bridge needs three).</param>
public sealed record WorkloadOverrides(TimeSpan? WriteInterval, int? PayloadBytes, GossipMode? Gossip, int? MinPeers)
{
    public TimeSpan? WriteInterval { get; } = WriteInterval is { } interval
        && (interval < TimeSpan.FromMilliseconds(TestPlan.MinWriteIntervalMs) || interval > TimeSpan.FromMilliseconds(TestPlan.MaxWriteIntervalMs))
        ? throw new ScenarioFieldException(
            "write-interval", $"{ScenarioValues.Format(interval)} is outside {TestPlan.MinWriteIntervalMs}ms-{TestPlan.MaxWriteIntervalMs / 1000}s")
        : WriteInterval;

    public int? PayloadBytes { get; } = PayloadBytes is < 0 or > 65_536
        ? throw new ScenarioFieldException("payload", $"{PayloadBytes} bytes is outside 0-65536")
        : PayloadBytes;

    public int? MinPeers { get; } = MinPeers is < 1 or > 1000
        ? throw new ScenarioFieldException("min-peers", $"{MinPeers} is outside 1-1000")
        : MinPeers;

    public override string ToString() => string.Join(", ", new[]
    {
        WriteInterval is { } interval ? $"write every {ScenarioValues.Format(interval)}" : null,
        PayloadBytes is { } payload ? $"{payload} B payload" : null,
        Gossip is { } gossip ? $"gossip {KebabName.Of(gossip)}" : null,
        MinPeers is { } min ? $"at least {min} peers" : null,
    }.OfType<string>());
}
