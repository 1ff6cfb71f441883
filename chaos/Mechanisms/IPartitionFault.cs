using CMesh.Chaos.Partitions;

namespace CMesh.Chaos.Mechanisms;

/// <summary>Cuts the data links between the sides of a layout with nftables drops, until it ends or a heal.</summary>
public interface IPartitionFault
{
    PartitionLayout Layout { get; }

    bool OneWay { get; }
}
