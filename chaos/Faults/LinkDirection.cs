
namespace CMesh.Chaos.Faults;

/// <summary>Where a link fault applies on a target's data interface.</summary>
public enum LinkDirection
{
    /// <summary>Packets the target sends.</summary>
    Egress,

    /// <summary>Packets the target sends and receives.</summary>
    Both,
}
