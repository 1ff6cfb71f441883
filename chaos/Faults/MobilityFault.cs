using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Partitions;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Faults;

/// <summary>
/// The targets move between radio neighbourhoods: every Period the partition is drawn afresh from a random Layout,
/// so that peers lose old links and must find new ones.
/// </summary>
public sealed record MobilityFault(PartitionLayout Layout, TimeSpan Period) : FaultSpec, IMobilityFault, IDefinesFaultKind
{
    public static readonly PartitionLayout DefaultLayout = new(PartitionShape.Islands, 3);
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(20);

    public static FaultKind Definition { get; } = new("mobility", 14, f => new MobilityFault(
        f.Get("layout", PartitionLayout.Parse, DefaultLayout),
        f.Get("period", ScenarioValues.Duration, DefaultPeriod)))
    {
        Fields = ["layout", "period"],
        BareField = "layout",
    };

    public PartitionLayout Layout { get; } = Layout.IsRandom
        ? Layout
        : throw new ScenarioFieldException("layout", $"{Layout} is the same layout every time: mobility needs a random one, such as random-halves or islands 3");

    public TimeSpan Period { get; } = FaultCheck.Positive(Period, "period");

    public override FaultKind Kind => Definition;

    public override IEnumerable<KernelFeature> Needs => [KernelFeature.Nftables];

    public override string ToString() => $"mobility: {Layout} redrawn every {ScenarioValues.Format(Period)}";
}
