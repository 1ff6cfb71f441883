using CMesh.Chaos.Mechanisms;

namespace CMesh.Chaos.Faults;

/// <summary>
/// The coordinator, the mesh's signal and discovery service, is cut off its control network: registration,
/// discovery and heartbeats to it fail while peers keep their data links.
/// </summary>
public sealed record SignalOutageFault : FaultSpec, ISignalCutFault, IDefinesFaultKind
{
    public static FaultKind Definition { get; } = new("signal-outage", 15, _ => new SignalOutageFault());

    public override FaultKind Kind => Definition;

    public override IEnumerable<KernelFeature> Needs => [KernelFeature.Nftables];

    public override string ToString() => "signal-service outage";
}
