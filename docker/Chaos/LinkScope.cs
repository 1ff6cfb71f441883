namespace CMesh.Docker.Chaos;

/// <summary>Where a link fault applies on a target's data interface.</summary>
public enum LinkDirection
{
    /// <summary>Packets the target sends.</summary>
    Egress,

    /// <summary>Packets the target sends and receives.</summary>
    Both,
}

/// <summary>
/// What every link fault shares: the direction, and the destination peers it is limited to (per-destination
/// shaping); null destinations means traffic to every peer.
/// </summary>
public sealed record LinkScope(LinkDirection Direction, TargetSelector? Destinations)
{
    public static LinkScope Everywhere { get; } = new(LinkDirection.Egress, null);

    public override string ToString() =>
        (Destinations is null ? "" : $" towards {Destinations}") + (Direction == LinkDirection.Both ? ", both directions" : "");
}
