namespace CMesh.Docker.Chaos;

/// <summary>
/// The coordinator, the mesh's signal and discovery service, is cut off its control network: registration,
/// discovery and heartbeats to it fail while peers keep their data links.
/// </summary>
public sealed record SignalOutageFault : FaultSpec
{
    public override FaultKind Kind => FaultKind.SignalOutage;

    public override string ToString() => "signal-service outage";
}
