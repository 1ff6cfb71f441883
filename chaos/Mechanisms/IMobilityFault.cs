using CMesh.Chaos.Partitions;

namespace CMesh.Chaos.Mechanisms;

/// <summary>A partition drawn afresh from a random layout every period, each move one nftables transaction per target.</summary>
public interface IMobilityFault
{
    PartitionLayout Layout { get; }

    TimeSpan Period { get; }
}
