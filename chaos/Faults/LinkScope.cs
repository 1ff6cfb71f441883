using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Targets;
using CMesh.Chaos.Values;
using CMesh.Chaos.Yaml;

namespace CMesh.Chaos.Faults;

/// <summary>
/// What every link fault shares: the direction, and the destination peers it is limited to (per-destination
/// shaping); null destinations means traffic to every peer.
/// </summary>
public sealed record LinkScope(LinkDirection Direction, TargetSelector? Destinations)
{
    /// <summary>The fields every link fault takes besides its own.</summary>
    public static readonly IReadOnlyList<string> Fields = ["direction", "destinations"];

    public static LinkScope Everywhere { get; } = new(LinkDirection.Egress, null);

    /// <summary>What shaping within this scope needs besides the fault's own qdisc.</summary>
    public IEnumerable<KernelFeature> Needs =>
        new[] { Destinations is null ? (KernelFeature?)null : KernelFeature.PerDestination, Direction == LinkDirection.Both ? KernelFeature.Ingress : null }
            .OfType<KernelFeature>();

    public override string ToString() =>
        (Destinations is null ? "" : $" towards {Destinations}") + (Direction == LinkDirection.Both ? ", both directions" : "");

    internal static LinkScope Read(YamlSection fault) => new(
        fault.Get("direction", text => KebabName.Parse<LinkDirection>(text, "direction"), LinkDirection.Egress),
        fault.Get<TargetSelector?>("destinations", TargetSelector.Parse, null));
}
