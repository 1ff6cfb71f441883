using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Partitions;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>
/// Cuts the data links between the sides of a layout (nftables, so it holds whatever the transport). One-way cuts
/// only traffic from the first side (the isolated peer, the first half, the majority) to the second.
/// </summary>
public sealed record PartitionFault(PartitionLayout Layout, bool OneWay) : FaultSpec, IPartitionFault, IDefinesFaultKind
{
    public static FaultKind Definition { get; } = new("partition", 7, f => new PartitionFault(f.Get("layout", PartitionLayout.Parse), f.Get("one-way", ScenarioValues.Flag, false)))
    {
        Fields = ["layout", "one-way"],
        BareField = "layout",
    };

    public bool OneWay { get; } = !OneWay || Layout.IsTwoSided
        ? OneWay
        : throw new ScenarioFieldException("one-way", $"a one-way cut needs two sides, and {Layout} has more: use isolate-one, halves, random-halves or majority-minority");

    public override FaultKind Kind => Definition;

    public override DurationRule DurationRule => DurationRule.Optional;

    public override IEnumerable<KernelFeature> Needs => [KernelFeature.Nftables];

    public override string ToString() => $"partition {Layout}{(OneWay ? ", one way" : "")}";
}
