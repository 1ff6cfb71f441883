namespace CMesh.Docker.Chaos;

/// <summary>
/// Cuts the data links between the sides of a layout (nftables, so it holds whatever the transport). One-way cuts
/// only traffic from the first side (the isolated peer, the first half, the majority) to the second.
/// </summary>
public sealed record PartitionFault(PartitionLayout Layout, bool OneWay) : FaultSpec
{
    public bool OneWay { get; } = !OneWay || Layout.IsTwoSided
        ? OneWay
        : throw new ScenarioFieldException("one-way", $"a one-way cut needs two sides, and {Layout} has more: use isolate-one, halves, random-halves or majority-minority");

    public override FaultKind Kind => FaultKind.Partition;

    public override DurationRule DurationRule => DurationRule.Optional;

    public override string ToString() => $"partition {Layout}{(OneWay ? ", one way" : "")}";
}
