namespace CMesh.Docker.Chaos;

/// <summary>
/// The targets move between radio neighbourhoods: every Period the partition is drawn afresh from a random Layout,
/// so that peers lose old links and must find new ones.
/// </summary>
public sealed record MobilityFault(PartitionLayout Layout, TimeSpan Period) : FaultSpec
{
    public static readonly PartitionLayout DefaultLayout = new(PartitionShape.Islands, 3);
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(20);

    public PartitionLayout Layout { get; } = Layout.IsRandom
        ? Layout
        : throw new ScenarioFieldException("layout", $"{Layout} is the same layout every time: mobility needs a random one, such as random-halves or islands 3");

    public TimeSpan Period { get; } = FaultCheck.Positive(Period, "period");

    public override FaultKind Kind => FaultKind.Mobility;

    public override string ToString() => $"mobility: {Layout} redrawn every {ScenarioValues.Format(Period)}";
}
